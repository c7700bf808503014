import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DimExperiment, type DimexpError, openBackend, registerBackendProvider } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  WANDB_VARIABLES,
  apiKeyFromNetrc,
  createWandbBackend,
  optionsFromTrackingUri,
  parseWandbUri,
  provider,
  trackingUriFromEnv,
} from "../src/index.js";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { must, tempDir } from "./support/helpers.js";

const parsed = (uri: string) => {
  const result = parseWandbUri(uri);
  return result._tag === "Right" ? result.right : `error: ${result.left.message}`;
};

const options = (uri: string, env: Record<string, string> = {}) => {
  const result = optionsFromTrackingUri(uri, { HOME: "/nonexistent", ...env });
  return result._tag === "Right" ? result.right : `error: ${result.left.message}`;
};

describe("wandb:// tracking URIs", () => {
  it("name an entity and a project, optionally a mode and a folder", () => {
    expect(parsed("wandb://alice/heat-pinn")).toEqual({ entity: "alice", project: "heat-pinn", mode: undefined, dir: undefined });
    expect(parsed("wandb://alice/heat%20pinn?mode=offline&dir=/tmp/runs")).toEqual({ entity: "alice", project: "heat pinn", mode: "offline", dir: "/tmp/runs" });
    expect(parsed("wandb:///heat-pinn")).toMatchObject({ entity: undefined, project: "heat-pinn" });
    expect(parsed("wandb://-/heat-pinn")).toMatchObject({ entity: undefined, project: "heat-pinn" });
    expect(parsed("wandb://alice")).toMatchObject({ entity: "alice", project: undefined });
    expect(parsed("wandb://alice/p/extra")).toMatch(/more than an entity and a project/);
    expect(parsed("wandb://alice/p?key=secret")).toMatch(/unknown option "key"/);
    expect(parsed("http://alice/p")).toMatch(/wandb:\/\/<entity>\/<project>/);
  });

  it("take the rest from W&B's environment variables, the URI winning", () => {
    const env = {
      WANDB_API_KEY: "k".repeat(40),
      WANDB_BASE_URL: "http://127.0.0.1:9",
      WANDB_ENTITY: "team",
      WANDB_PROJECT: "fallback",
      WANDB_MODE: "offline",
      WANDB_DIR: "/tmp/wb",
    };
    expect(options("wandb://alice/heat", env)).toMatchObject({
      entity: "alice",
      project: "heat",
      mode: "offline",
      apiKey: "k".repeat(40),
      baseUrl: "http://127.0.0.1:9",
      dir: "/tmp/wb",
    });
    expect(options("wandb://", env)).toMatchObject({ entity: "team", project: "fallback" });
    expect(options("wandb://alice/heat?mode=online", env)).toMatchObject({ mode: "online" });
    expect(options("wandb://alice/heat", { WANDB_MODE: "dryrun" })).toMatchObject({ mode: "offline", baseUrl: "https://api.wandb.ai" });
    expect(options("wandb://alice/heat", { WANDB_MODE: "sometimes" })).toMatch(/unknown W&B mode "sometimes"/);
    expect(options("wandb://alice")).toMatch(/names no W&B project/);
  });

  it("read the API key `wandb login` keeps in ~/.netrc for the server's host", () => {
    const home = tempDir("netrc");
    writeFileSync(path.join(home, ".netrc"), `machine example.org\n  login x\n  password nope\nmachine api.wandb.ai\n  login user\n  password ${"n".repeat(40)}\n`);
    expect(apiKeyFromNetrc("https://api.wandb.ai", { HOME: home })).toBe("n".repeat(40));
    expect(apiKeyFromNetrc("http://localhost:8080", { HOME: home })).toBeUndefined();
    expect(options("wandb://alice/heat", { HOME: home })).toMatchObject({ apiKey: "n".repeat(40) });
  });

  it("refuse invalid names and a missing API key with messages that say what to do", () => {
    const bad = createWandbBackend({ project: "a/b", apiKey: "k" });
    expect(bad._tag === "Left" && bad.left.message).toMatch(/project name is invalid: it contains "\/"/);
    const long = createWandbBackend({ project: "p".repeat(129), apiKey: "k" });
    expect(long._tag === "Left" && long.left.message).toMatch(/longer than 128/);
    const keyless = createWandbBackend({ entity: "alice", project: "heat" });
    expect(keyless._tag === "Left" && keyless.left.message).toMatch(/WANDB_API_KEY.*WANDB_MODE=offline/s);
  });
});

describe("core's openBackend with wandb:// (DIMEXP_TRACKING_URI)", () => {
  let fake: WandbFake;
  beforeAll(async () => {
    fake = await startWandbFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("opens this package online, offline and disabled", async () => {
    const env = { WANDB_API_KEY: fake.apiKey, WANDB_BASE_URL: fake.url, HOME: "/nonexistent" };
    const online = await openBackend(`wandb://${fake.entity}/uri-project`, env);
    if (online._tag === "Left") throw new Error(online.left.message);
    expect(online.right.kind).toBe("wandb");
    const exp = await must(online.right.getOrCreateExperiment("uri-exp"));
    const run = await must(online.right.createRun(exp.id, { name: "r", startTime: Date.now(), tags: {} }));
    expect(fake.run(fake.entity, "uri-project", run.id)?.displayName).toBe("r");
    await must(online.right.close());

    const dir = tempDir("uri-offline");
    const offline = await openBackend(`wandb://${fake.entity}/uri-project`, { ...env, WANDB_MODE: "offline", WANDB_DIR: dir });
    if (offline._tag === "Left") throw new Error(offline.left.message);
    expect(offline.right.location).toContain(path.join(dir, "wandb"));

    const disabled = await openBackend("wandb://x/y", { WANDB_MODE: "disabled", HOME: "/nonexistent" });
    expect(disabled._tag === "Right" && disabled.right.location).toMatch(/nothing is stored/);
  });
});

// The name "wandb" (issue 11.1): W&B's own variables, as wandb.init() reads them.
describe("the name wandb", () => {
  const fromEnv = (env: Record<string, string>) => {
    const result = trackingUriFromEnv({ HOME: "/nonexistent", ...env });
    return result._tag === "Right" ? result.right : result.left;
  };

  it("is the project WANDB_PROJECT names, in WANDB_ENTITY when set", () => {
    expect(fromEnv({ WANDB_PROJECT: "heat pinn", WANDB_ENTITY: "team", WANDB_API_KEY: "k".repeat(40) })).toBe("wandb://team/heat%20pinn");
    expect(fromEnv({ WANDB_PROJECT: "heat", WANDB_MODE: "offline" })).toBe("wandb:///heat");
    expect(parseWandbUri("wandb:///heat")).toMatchObject({ _tag: "Right", right: { entity: undefined, project: "heat" } });
  });

  it("without a project, with an unknown mode, or online without a key, is a BackendNotConfigured error naming the variable", () => {
    expect(fromEnv({ WANDB_ENTITY: "team", WANDB_MODE: "offline" })).toMatchObject({ _tag: "BackendNotConfigured", backend: "wandb", variables: expect.arrayContaining(["WANDB_PROJECT", "WANDB_ENTITY"]) });
    expect(fromEnv({ WANDB_PROJECT: "" })).toMatchObject({ _tag: "BackendNotConfigured", variables: [...WANDB_VARIABLES] });
    const mode = fromEnv({ WANDB_PROJECT: "p", WANDB_MODE: "sometimes" });
    expect(mode).toMatchObject({ _tag: "BackendNotConfigured" });
    expect(typeof mode !== "string" && mode._tag === "BackendNotConfigured" && mode.variables[0]).toBe("WANDB_MODE");
    const key = fromEnv({ WANDB_PROJECT: "p" });
    expect(typeof key !== "string" && key._tag === "BackendNotConfigured" && key.variables[0]).toBe("WANDB_API_KEY");
    expect(typeof key !== "string" && key.message).toMatch(/WANDB_MODE=offline/);
  });

  it("opens offline in WANDB_DIR through core, and never makes a file named wandb", async () => {
    registerBackendProvider(provider);
    const dir = tempDir("name-offline");
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const unset = await DimExperiment.open("heat", { backend: "wandb", env: { HOME: "/nonexistent" } }).then(
        () => undefined,
        (e: DimexpError) => e.error,
      );
      expect(unset).toMatchObject({ _tag: "BackendNotConfigured", backend: "wandb" });
      expect(readdirSync(dir)).toEqual([]);
      const offline = await openBackend("wandb", { WANDB_PROJECT: "heat", WANDB_MODE: "offline", WANDB_DIR: dir, HOME: "/nonexistent" });
      if (offline._tag === "Left") throw new Error(offline.left.message);
      expect(offline.right.kind).toBe("wandb");
      expect(offline.right.location).toContain(path.join(dir, "wandb"));
      await must(offline.right.close());
    } finally {
      process.chdir(cwd);
    }
  });
});
