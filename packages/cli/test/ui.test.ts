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
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minMaxIndices } from "../src/ui/downsample.js";
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

  it("redacts URL passwords and secret-looking environment values", () => {
    const redact = createRedactor({ WANDB_API_KEY: "abcdef123456", MLFLOW_TRACKING_URI: "http://bob:pa%24%24w0rd@host:5000", PATH: "/usr/bin" });
    expect(redact("key abcdef123456 at http://bob:pa%24%24w0rd@host:5000/api, pw pa$$w0rd, /usr/bin")).toBe(
      "key *** at http://***@host:5000/api, pw ***, /usr/bin",
    );
  });
});
