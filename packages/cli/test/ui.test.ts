// `dimexp ui`: the command's options and errors in-process, and the built
// command as a user runs it — it prints its URL, serves the dashboard shipped
// inside the package and the JSON API, and stops cleanly on Ctrl+C.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, createMemoryBackend, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minMaxIndices } from "../src/ui/downsample.js";
import { createUiApi } from "../src/ui/api.js";
import { createRedactor } from "../src/ui/redact.js";
import { expectUserError, run } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
let dir: string;
let store: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dimexp-cli-ui-"));
  store = join(dir, "runs.db");
  const opened = createLocalBackend({ path: store });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  const exp = await DimExperiment.open("heat", { backend: opened.right });
  await exp.withRun("run-si", (r) => {
    r.logParam("domain_length", q(1, "m"));
    for (let step = 0; step < 5; step++) r.logMetric("loss", q(1 / (step + 1), "J"), { step });
  });
  await exp.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  stdout(): string;
  stderr(): string;
}

const start = (args: readonly string[]): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "ui", ...args], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const url = /^\s+(http:\/\/\S+)$/m.exec(out)?.[1];
      if (url) resolve({ child, url, stdout: () => out, stderr: () => err });
    });
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });

const stop = (started: Started): Promise<number | null> =>
  new Promise((resolve) => {
    started.child.once("exit", (code) => resolve(code));
    started.child.kill("SIGINT");
  });

describe("dimexp ui, in-process", () => {
  it("has help with its options and the API", async () => {
    const result = await run("ui", "--help");
    expect(result.code).toBe(0);
    for (const word of ["--port", "--host", "--open", "--tracking-uri", "127.0.0.1", "/api/experiments", "unit.metrics.loss=erg"]) expect(result.stdout).toContain(word);
    expect((await run("--help")).stdout).toMatch(/\bui\b.*dashboard/);
  });

  it("rejects a bad port and a missing store before listening", async () => {
    expect(expectUserError(await run("ui", "--port", "http"))).toMatch(/--port takes a port number/);
    expect(expectUserError(await run("ui", "--port", "70000"))).toMatch(/0 to 65535/);
    expect(expectUserError(await run("ui", "--tracking-uri", join(dir, "nope.db"), "--port", "0"))).toMatch(/No dimexp store/);
  });

  it("names the experiments there are when --experiment is wrong", async () => {
    expect(expectUserError(await run("ui", "--tracking-uri", store, "--port", "0", "--experiment", "haet"))).toMatch(/heat/);
  });
});

describe("dimexp ui, the built command", () => {
  it("serves the shipped dashboard and the API on 127.0.0.1, and stops on Ctrl+C", async () => {
    expect(existsSync(fileURLToPath(new URL("../dist/dashboard/index.html", import.meta.url)))).toBe(true);
    const ui = await start(["--tracking-uri", store, "--port", "0", "--experiment", "heat"]);
    try {
      expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?experiment=heat$/);
      expect(ui.stdout()).toContain(`the dashboard for ${store}`);
      expect(ui.stderr()).toBe("");
      const base = ui.url.replace(/\?.*$/, "");
      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      const experiments = (await (await fetch(`${base}api/experiments`)).json()) as { experiments: Array<{ name: string; runs: number }> };
      expect(experiments.experiments).toEqual([expect.objectContaining({ name: "heat", runs: 1 })]);
    } finally {
      expect(await stop(ui)).toBe(0);
    }
    expect(ui.stdout()).toMatch(/stopped \(SIGINT\)/);
  });

  it("warns when serving beyond this machine", async () => {
    const ui = await start(["--tracking-uri", store, "--port", "0", "--host", "0.0.0.0"]);
    try {
      await expect.poll(() => ui.stderr()).toMatch(/warning: listening on 0\.0\.0\.0.*no login/);
      expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      expect(await stop(ui)).toBe(0);
    }
  });

  it("says so when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [bin, "ui", "--tracking-uri", store, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      child.stderr?.on("data", (c: Buffer) => {
        err += c.toString();
      });
      const code = await new Promise((r) => child.once("exit", r));
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`Port ${port} .* already in use.*--port 0`));
    } finally {
      blocker.close();
    }
  });
});

describe("the server's helpers", () => {
  it("min-max decimation keeps the ends and every bucket's extremes", () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 100) + (i === 5_000 ? 50 : 0));
    const kept = minMaxIndices(values, 200);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(9_999);
    expect([...kept]).toContain(5_000);
    for (let i = 1; i < kept.length; i++) expect(kept[i] as number).toBeGreaterThan(kept[i - 1] as number);
    expect(minMaxIndices(values.subarray(0, 50), 200)).toHaveLength(50);
  });

  it("redacts URL passwords and the credentials dimexp reads", () => {
    const redact = createRedactor({ WANDB_API_KEY: "abcdef123456", MLFLOW_TRACKING_URI: "http://bob:pa%24%24w0rd@host:5000", PATH: "/usr/bin" });
    expect(redact("key abcdef123456 at http://bob:pa%24%24w0rd@host:5000/api, pw pa$$w0rd, /usr/bin")).toBe(
      "key *** at http://***@host:5000/api, pw ***, /usr/bin",
    );
  });
});

// Issue 12.5: only credentials dimexp holds are redacted, on the response's
// structured values before serialization — never other variables' values, and
// never by substring over the JSON text.
describe("credential redaction in the API", () => {
  const apiOver = async (env: Record<string, string>, build: (exp: DimExperiment) => Promise<void>, trackingUri?: string) => {
    const backend = createMemoryBackend();
    const exp = await DimExperiment.open("redaction", { backend, onWarning: () => undefined });
    await build(exp);
    const api = createUiApi({ backend, env, ...(trackingUri !== undefined ? { trackingUri } : {}) });
    const get = async (path: string) => {
      const text = api.serialize(await api.handle({ method: "GET", path, query: new URLSearchParams() }));
      return { text, body: JSON.parse(text) as unknown };
    };
    return { get, experimentId: exp.id };
  };

  it("DESKTOP_SESSION=ubuntu leaves the run ubuntu-gpu-baseline as it is", async () => {
    const { get, experimentId } = await apiOver({ DESKTOP_SESSION: "ubuntu", XDG_SESSION_TYPE: "wayland", GPG_AGENT_INFO: "ubuntu-gpu" }, async (exp) => {
      await exp.withRun("ubuntu-gpu-baseline", (r) => r.logParam("host", "ubuntu"));
    });
    const { text, body } = await get(`/api/experiments/${experimentId}/runs`);
    expect(text).not.toContain("***");
    expect(JSON.stringify(body)).toContain('"name":"ubuntu-gpu-baseline"');
  });

  it("OTP_KEY=234567 leaves 0.1234567 a number, and the response JSON", async () => {
    const { get, experimentId } = await apiOver({ OTP_KEY: "234567", MY_SECRET: "1234567", AUTH_COOKIE: "0.1234567" }, async (exp) => {
      await exp.withRun("otp-run", (r) => r.logMetric("loss", q(0.1234567, "J")));
    });
    const { text, body } = await get(`/api/experiments/${experimentId}/runs`);
    expect(text).not.toContain("***");
    const runs = (body as { runs: Array<{ metrics: Record<string, { value: number }> }> }).runs;
    expect(runs[0]?.metrics.loss?.value).toBe(0.1234567);
  });

  it("still removes the credentials dimexp holds from every string, and leaves numbers alone", async () => {
    const token = "mlflow-token-0123456789";
    const password = "s3cret-pw-9876";
    const { get, experimentId } = await apiOver(
      { MLFLOW_TRACKING_TOKEN: token, MLFLOW_TRACKING_PASSWORD: "123456", DIMEXP_TRACKING_URI: `https://bob:${password}@mlflow.lab` },
      async (exp) => {
        await exp.withRun(`leak ${token}`, (r) => {
          r.setTag("note", `see https://bob:${password}@mlflow.lab and ${password}`);
          r.logParam(`key_${"x"}`, `value with ${token}`);
          r.logMetric("loss", q(0.1234567, "J"));
          r.logMetric("count", q(123456, "1"));
        });
      },
      "https://carol:explicit-pw-5555@other.lab",
    );
    const list = await get(`/api/experiments/${experimentId}/runs`);
    expect(list.text).not.toContain(token);
    const runs = (list.body as { runs: Array<{ id: string; name: string; metrics: Record<string, { value: number }> }> }).runs;
    expect(runs[0]?.name).toBe("leak ***");
    expect(runs[0]?.metrics.loss?.value).toBe(0.1234567);
    expect(runs[0]?.metrics.count?.value).toBe(123456);
    const detail = await get(`/api/runs/${runs[0]?.id}`);
    expect(detail.text).not.toContain(password);
    expect(detail.text).not.toContain(token);
    expect(detail.text).toContain("https://***@mlflow.lab");
    const redact = createRedactor({}, { trackingUri: "https://carol:explicit-pw-5555@other.lab" });
    expect(redact("failed with explicit-pw-5555")).toBe("failed with ***");
    expect(redact.value({ n: 5555, s: "5555", nested: [{ "explicit-pw-5555": "explicit-pw-5555" }] })).toEqual({ n: 5555, s: "5555", nested: [{ "***": "***" }] });
  });

  it("leaves a URL's user name alone (ssh://git@…): only a password in user info is removed", async () => {
    const { get, experimentId } = await apiOver({}, async (exp) => {
      await exp.withRun("git-run", { tags: { repo: "ssh://git@github.com/lab/heat.git", mirror: "https://ci-bot@gitlab.example/lab/heat" } }, (r) =>
        r.setTag("leaked", "https://someone:hunter22@example.com/x"),
      );
    });
    const list = await get(`/api/experiments/${experimentId}/runs`);
    const id = (list.body as { runs: Array<{ id: string }> }).runs[0]?.id;
    const tags = ((await get(`/api/runs/${id}`)).body as { run: { tags: Record<string, string> } }).run.tags;
    expect(tags.repo).toBe("ssh://git@github.com/lab/heat.git");
    expect(tags.mirror).toBe("https://ci-bot@gitlab.example/lab/heat");
    expect(tags.leaked).toBe("https://***@example.com/x");
  });

  it("works on structure: quotes, backslashes and __proto__ keys come through intact", () => {
    const redact = createRedactor({ WANDB_API_KEY: 'a"b\\c-0123456789' });
    const value = { text: 'x a"b\\c-0123456789 y', quote: 'say "//a" and "b@c"', ["__proto__"]: "kept" };
    const copied = redact.value(JSON.parse(JSON.stringify(value)) as typeof value);
    expect(copied.text).toBe("x *** y");
    expect(copied.quote).toBe('say "//a" and "b@c"');
    expect(Object.keys(copied)).toContain("__proto__");
  });
});
