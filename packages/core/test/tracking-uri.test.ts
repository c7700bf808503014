import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BackendProvider,
  DEFAULT_TRACKING_URI,
  DimExperiment,
  type DimexpError,
  type Env,
  backendNames,
  backendNotConfigured,
  classifyTrackingUri,
  createMemoryBackend,
  openBackend,
  redactUri,
  registerBackend,
  registerBackendProvider,
  resolveTrackingUri,
  trackingUriSource,
} from "../src/index.js";

describe("tracking URIs", () => {
  it("resolves explicit > DIMEXP_TRACKING_URI > MLFLOW_TRACKING_URI > ./dimexp.db", () => {
    expect(resolveTrackingUri("x.db", { DIMEXP_TRACKING_URI: "y.db" })).toBe("x.db");
    expect(resolveTrackingUri(undefined, { DIMEXP_TRACKING_URI: "y.db", MLFLOW_TRACKING_URI: "http://h" })).toBe("y.db");
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "http://h:5000" })).toBe("http://h:5000");
    expect(resolveTrackingUri(undefined, {})).toBe("./dimexp.db");
  });

  it("classifies paths and schemes", () => {
    const kind = (uri: string) => {
      const c = classifyTrackingUri(uri);
      return c._tag === "Right" ? c.right.kind : c.left._tag;
    };
    expect(kind("./dimexp.db")).toBe("local");
    expect(kind("sqlite:///tmp/x.db")).toBe("local");
    expect(kind("C:\\runs\\x.db")).toBe("local");
    expect(kind("https://mlflow.lab:5000")).toBe("mlflow");
    expect(kind("wandb://team/project")).toBe("wandb");
    expect(kind("memory:")).toBe("memory");
    expect(kind("ftp://nope")).toBe("InvalidTrackingUri");
  });

  // "Not installed" is proven where it can be true: tooling/package-checks
  // installs @dimexp/core alone into an empty project and opens every kind of URI.
  it("redacts credentials from URIs", () => {
    expect(redactUri("http://u:p@h:1/x")).toBe("http://***@h:1/x");
    expect(redactUri("https://alice:s3cret@mlflow.example:5000")).not.toContain("s3cret");
    const mistyped = classifyTrackingUri("htps://alice:s3cret@mlflow.lab:5000");
    expect(mistyped._tag === "Left" && mistyped.left.message).toContain("htps://***@mlflow.lab:5000");
    expect(mistyped._tag === "Left" && mistyped.left.message).not.toContain("s3cret");
  });

  it("opens the memory backend by URI", async () => {
    const exp = await DimExperiment.open("mem", { backend: "memory:" });
    expect(exp.backend.kind).toBe("memory");
  });
});

// Backend names (issue 11.1) and empty URIs (issue 12.14). Core knows the
// shipped backends only by package name; these tests register stand-in
// providers so they run without the backend packages (which are not core's
// dependencies: a name whose package is missing must say which to install).
describe("backend names and providers", () => {
  const opened: Array<{ provider: string; uri: string; readOnly: boolean }> = [];
  const standIn = (name: string, schemes: string[], extra: Partial<BackendProvider> = {}): BackendProvider => ({
    name,
    schemes,
    open: async (uri, options) => {
      opened.push({ provider: name, uri, readOnly: options.readOnly === true });
      return { _tag: "Right", right: createMemoryBackend() };
    },
    ...extra,
  });
  const mlflowUriFromEnv = (env: Env) =>
    env.MLFLOW_TRACKING_URI
      ? ({ _tag: "Right", right: env.MLFLOW_TRACKING_URI } as const)
      : ({ _tag: "Left", left: backendNotConfigured("mlflow", ["MLFLOW_TRACKING_URI"], "needs MLFLOW_TRACKING_URI, which is not set", "Set it.") } as const);

  const errorOf = async (uri: string, env: Env = {}) => {
    const result = await openBackend(uri, env);
    if (result._tag === "Right") throw new Error(`${uri} opened`);
    return result.left;
  };

  // Whether the backend packages are found here depends on the workspace's
  // layout; "not installed" is proven by tooling/package-checks, which installs
  // @dimexp/core alone. Here: a name never reaches the embedded store.
  it("a backend name never becomes a store file named like it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dimexp-names-"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      for (const name of ["mlflow", "wandb"]) {
        const failure = await DimExperiment.open("x", { backend: name, env: {} }).then(
          () => undefined,
          (e: DimexpError) => e.error,
        );
        expect(failure, name).toBeDefined();
        expect(JSON.stringify(failure)).not.toContain("backend-local");
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("classifies names, paths and URIs; a store path needs a separator, .db/.sqlite/.sqlite3 or sqlite:/file:", () => {
    const kind = (uri: string) => {
      const c = classifyTrackingUri(uri);
      return c._tag === "Right" ? `${c.right.kind}${c.right.byName ? " (name)" : ""}` : c.left._tag;
    };
    expect(kind("mlflow")).toBe("mlflow (name)");
    expect(kind("MLflow")).toBe("mlflow (name)");
    expect(kind("wandb")).toBe("wandb (name)");
    expect(kind("local")).toBe("local (name)");
    expect(kind("memory")).toBe("memory (name)");
    for (const path of ["runs.db", "runs.sqlite", "runs.SQLITE3", "./runs", "runs/store", "C:\\runs\\x", "sqlite:runs", "file:///tmp/x"]) {
      expect(kind(path), path).toBe("local");
    }
    for (const word of ["mlfow", "runs", "my.store", "dimexp", "MLFLOW_TRACKING_URI"]) expect(kind(word), word).toBe("InvalidTrackingUri");
  });

  it("an unknown word lists the names and suggests the closest, and creates nothing", () => {
    const mistyped = classifyTrackingUri("mlfow");
    if (mistyped._tag === "Right") throw new Error("accepted");
    expect(mistyped.left.message).toContain('Did you mean "mlflow"?');
    expect(mistyped.left.message).toMatch(/local, mlflow, wandb/);
    expect(mistyped.left.message).toContain("./mlfow.db");
    const long = classifyTrackingUri("x".repeat(100_000));
    expect(long._tag === "Left" && long.left.message.length).toBeLessThan(1_500);
    const hostPort = classifyTrackingUri("localhost:5000");
    expect(hostPort._tag === "Left" && hostPort.left.message).toContain("http://localhost:5000");
  });

  it("an explicit empty URI is an error, not the default store; an empty variable counts as unset", async () => {
    expect(resolveTrackingUri("", { DIMEXP_TRACKING_URI: "y.db" })).toBe("");
    expect((await errorOf("")).message).toMatch(/empty/);
    expect((await errorOf("   ")).message).toMatch(/empty/);
    const failure = await DimExperiment.open("x", { backend: "", env: {} }).then(
      () => undefined,
      (e: DimexpError) => e.error,
    );
    expect(failure?._tag).toBe("InvalidTrackingUri");
    expect(resolveTrackingUri(undefined, { DIMEXP_TRACKING_URI: "", MLFLOW_TRACKING_URI: " " })).toBe(DEFAULT_TRACKING_URI);
    expect(trackingUriSource(undefined, { DIMEXP_TRACKING_URI: "" })).toBe("the default");
  });

  it("MLFLOW_TRACKING_URI that is not a server URL resolves to the name mlflow, never to a store file", () => {
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "file:./mlruns" })).toBe("mlflow");
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "sqlite:///mlflow.db" })).toBe("mlflow");
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "databricks" })).toBe("mlflow");
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "https://mlflow.lab" })).toBe("https://mlflow.lab");
  });

  it("resolves names through registered providers: local is ./dimexp.db, others read their own variables", async () => {
    registerBackendProvider(standIn("local", ["sqlite", "file"], { opensPaths: true }));
    registerBackendProvider(standIn("mlflow", ["http", "https"], { uriFromEnv: mlflowUriFromEnv }));
    opened.length = 0;
    await DimExperiment.open("a", { backend: "local", env: {} });
    await DimExperiment.open("b", { backend: "mlflow", env: { MLFLOW_TRACKING_URI: "http://127.0.0.1:5000" } });
    await DimExperiment.open("c", { env: { DIMEXP_TRACKING_URI: "mlflow", MLFLOW_TRACKING_URI: "https://lab:5000" } });
    expect(opened).toEqual([
      { provider: "local", uri: DEFAULT_TRACKING_URI, readOnly: false },
      { provider: "mlflow", uri: "http://127.0.0.1:5000", readOnly: false },
      { provider: "mlflow", uri: "https://lab:5000", readOnly: false },
    ]);
    const unset = await DimExperiment.open("d", { backend: "mlflow", env: {} }).then(
      () => undefined,
      (e: DimexpError) => e.error,
    );
    expect(unset).toMatchObject({ _tag: "BackendNotConfigured", backend: "mlflow", variables: ["MLFLOW_TRACKING_URI"] });
    expect(opened).toHaveLength(3);
  });

  it("passes readOnly to the provider, and takes a third party's provider by name and scheme", async () => {
    registerBackendProvider(
      standIn("jsonl", ["jsonl"], {
        uriFromEnv: (env) =>
          env.JSONL_DIR
            ? { _tag: "Right", right: `jsonl:${env.JSONL_DIR}` }
            : { _tag: "Left", left: backendNotConfigured("jsonl", ["JSONL_DIR"], "needs JSONL_DIR", "Set it.") },
      }),
    );
    opened.length = 0;
    expect((await openBackend("jsonl", { JSONL_DIR: "/runs" }, { readOnly: true }))._tag).toBe("Right");
    expect((await openBackend("jsonl:/other", {}))._tag).toBe("Right");
    expect(opened).toEqual([
      { provider: "jsonl", uri: "jsonl:/runs", readOnly: true },
      { provider: "jsonl", uri: "jsonl:/other", readOnly: false },
    ]);
    expect(backendNames()).toEqual(expect.arrayContaining(["local", "mlflow", "wandb", "memory", "jsonl"]));
    expect(await errorOf("jsonl")).toMatchObject({ _tag: "BackendNotConfigured", variables: ["JSONL_DIR"] });
  });

  it("keeps the older registerBackend(kind, factory) form working for URIs", async () => {
    const seen: string[] = [];
    registerBackend("myscheme", async (uri) => {
      seen.push(uri);
      return { _tag: "Right", right: createMemoryBackend() };
    });
    expect((await openBackend("myscheme://somewhere", {}))._tag).toBe("Right");
    expect(seen).toEqual(["myscheme://somewhere"]);
  });
});

describe("a tracking URI from the environment", () => {
  // DimExperiment.open("x") with a bad DIMEXP_TRACKING_URI: the program never
  // named a backend, so the message must say which variable held the value.
  it("names the variable a bad value came from", async () => {
    const rejection = async (env: Env): Promise<string> => {
      try {
        await DimExperiment.open("x", { env });
      } catch (error) {
        return (error as DimexpError).message;
      }
      return "opened";
    };
    expect(await rejection({ DIMEXP_TRACKING_URI: "mlfow" })).toMatch(/Invalid tracking URI "mlfow".*DIMEXP_TRACKING_URI/);
    expect(await rejection({ DIMEXP_TRACKING_URI: "wandb" })).toMatch(/DIMEXP_TRACKING_URI/);
    const explicit = await DimExperiment.open("x", { backend: "mlfow", env: {} }).catch((error: DimexpError) => error.error);
    expect(explicit).toMatchObject({ _tag: "InvalidTrackingUri", uri: "mlfow" });
    expect((explicit as DimexpError["error"]).message).not.toContain("DIMEXP_TRACKING_URI");
  });
});
