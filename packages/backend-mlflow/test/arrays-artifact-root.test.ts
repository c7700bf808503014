// Full arrays on an MLflow server that does not proxy artifacts: with
// `mlflow server --no-serve-artifacts --default-artifact-root /dir` (and for an
// experiment whose artifact_location is a file: URI) the client writes the
// array files into the run's artifact folder itself, as MLflow's Python client
// does — and Python's MlflowClient().download_artifacts reads them. An
// artifact root dimexp cannot write to (s3:, gs:, …) keeps the summary metrics
// and says so on the run's warning channel, once per key.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DimArray, DimExperiment, type DimexpError, type DimexpWarning } from "@dimexp/core";
import { formatUnit } from "@dimexp/units";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithServer, open, serverUrl, unique } from "./helpers.js";
import { type MlflowServer, VENV_PYTHON, startMlflowServer } from "./support/mlflow-server.js";
import { lastJson, runPython } from "./support/python.js";

// CODATA 2018, exact: the oracle for eV ↔ J, independent of @dimexp/units.
const EV_IN_J = 1.602176634e-19;

const dir = mkdtempSync(path.join(tmpdir(), "dimexp-mlflow-arrays-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const array = (values: readonly number[] | readonly (readonly number[])[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

interface Downloaded {
  artifact_uri: string;
  listed: string[];
  files: Record<string, { data: unknown; unit: { symbol: string; scale: number }; dimexp: { key: string; step: number; unit: string } }>;
}

const download = async (url: string, runId: string, folder: string): Promise<Downloaded> => {
  const destination = mkdtempSync(path.join(dir, "download-"));
  return lastJson<Downloaded>(await runPython(VENV_PYTHON, "mlflow_download_arrays.py", [url, runId, folder, destination]));
};

const rest = async <T>(url: string, endpoint: string, body: unknown): Promise<T> => {
  const response = await fetch(`${url}/api/2.0/mlflow/${endpoint}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${endpoint}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
};

/** SI (J), CGS (erg) and natural-unit (GeV) runs of one energy profile, three steps each. */
const logProfiles = async (exp: DimExperiment): Promise<Record<string, string>> => {
  const ids: Record<string, string> = {};
  const profiles: Array<[string, string, (step: number) => number[]]> = [
    ["run-si", "J", (s) => [1 + s, 2, Number.NaN]],
    ["run-cgs", "erg", (s) => [1e7 * (1 + s), 2e7, -0]],
    ["run-natural", "GeV", (s) => [0.5 * (1 + s), 1, Number.POSITIVE_INFINITY]],
  ];
  for (const [name, unit, values] of profiles) {
    await exp.withRun(name, (run) => {
      ids[name] = run.id;
      for (let step = 0; step < 3; step++) run.logArray("energy", array(values(step), unit), { step });
      run.logArray("grid", array([[1, 2], [3, 4]], "cm"), { step: 0 });
    });
  }
  return ids;
};

/** What a user sees: each run's latest energy profile, read back in joules. */
const checkReadBack = async (exp: DimExperiment) => {
  const si = await exp.getArray("run-si", "energy", { unit: "J" });
  expect([...si.data]).toEqual([3, 2, Number.NaN]);
  const cgs = await exp.getArray("run-cgs", "energy");
  expect(formatUnit(cgs.unit)).toBe("erg");
  expect([...cgs.data]).toEqual([3e7, 2e7, -0]);
  expect([...(await exp.getArray("run-cgs", "energy", { step: 0, unit: "J" })).data].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 2, -0]);
  const natural = await exp.getArray("run-natural", "energy", { unit: "J" });
  expect((natural.data[0] as number) / (1.5e9 * EV_IN_J)).toBeCloseTo(1, 12);
  expect(natural.data[2]).toBe(Number.POSITIVE_INFINITY);
  const grid = await exp.getArray("run-si", "grid");
  expect(grid.shape).toEqual([2, 2]);
  expect(formatUnit(grid.unit)).toBe("cm");
  expect((await exp.listArrays("run-natural")).map((a) => [a.key, a.steps, a.kept])).toEqual([
    ["energy", [0, 1, 2], true],
    ["grid", [0], true],
  ]);
};

/** Python reads the same files through MLflow's own artifact repository for the run. */
const checkPython = async (url: string, runId: string, expectedFolder: string) => {
  const downloaded = await download(url, runId, "dimexp/arrays/energy");
  expect(downloaded.listed).toHaveLength(3);
  const files = Object.values(downloaded.files);
  expect(files.map((f) => f.dimexp.step)).toEqual([0, 1, 2]);
  expect(files.map((f) => f.data)).toEqual([
    [0.5, 1, "Infinity"],
    [1, 1, "Infinity"],
    [1.5, 1, "Infinity"],
  ]);
  expect(files[0]?.unit.symbol).toBe("GeV");
  // the files are where MLflow's client keeps the run's artifacts
  const folder = downloaded.artifact_uri.startsWith("file:") ? fileURLToPath(downloaded.artifact_uri) : downloaded.artifact_uri;
  expect(path.resolve(folder).startsWith(path.resolve(expectedFolder))).toBe(true);
  expect(readdirSync(path.join(folder, "dimexp", "arrays", "energy")).filter((f) => f.endsWith(".json"))).toHaveLength(3);
};

describeWithServer("arrays on a server that does not proxy artifacts (--no-serve-artifacts --default-artifact-root /dir)", () => {
  const root = path.join(dir, "default-root");
  let server: MlflowServer;

  beforeAll(async () => {
    mkdirSync(root);
    server = await startMlflowServer({ defaultArtifactRoot: root });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("writes the array files into the run's local artifact folder, reads them back in SI, CGS and natural units, and Python downloads them", async () => {
    const warnings: DimexpWarning[] = [];
    const exp = await DimExperiment.open(unique("no-proxy"), { backend: open({}, server.url), onWarning: (w) => warnings.push(w) });
    const ids = await logProfiles(exp);
    expect(warnings.filter((w) => w._tag === "ArrayNotKept")).toEqual([]);
    const run = (await (await fetch(`${server.url}/api/2.0/mlflow/runs/get?run_id=${ids["run-natural"]}`)).json()) as { run: { info: { artifact_uri: string } } };
    // not proxied: a plain local folder under the default artifact root
    expect(run.run.info.artifact_uri).not.toMatch(/^mlflow-artifacts:/);
    await checkReadBack(exp);
    // a second backend (another process, in effect) reads the same files
    const again = await DimExperiment.open(exp.name, { backend: open({}, server.url) });
    expect([...(await again.getArray("run-si", "energy", { step: 1 })).data]).toEqual([2, 2, Number.NaN]);
    await checkPython(server.url, ids["run-natural"] as string, root);
    await again.close();
    await exp.close();
  });
});

describeWithServer("arrays and the run's artifact location (experiments with their own artifact_location)", () => {
  it("a file: artifact location is written to and read from directly; Python downloads the files", async () => {
    const fileRoot = path.join(dir, "file-root");
    const name = unique("file-uri");
    await rest(serverUrl(), "experiments/create", { name, artifact_location: pathToFileURL(fileRoot).href });
    const warnings: DimexpWarning[] = [];
    const exp = await DimExperiment.open(name, { backend: open(), onWarning: (w) => warnings.push(w) });
    const ids = await logProfiles(exp);
    expect(warnings).toEqual([]);
    expect(existsSync(fileRoot)).toBe(true);
    await checkReadBack(exp);
    await checkPython(serverUrl(), ids["run-natural"] as string, fileRoot);
    await exp.close();
  });

  it("an object-store location (s3:) keeps the summary metrics and warns once per run and key; reading the array names why", async () => {
    const name = unique("s3-root");
    await rest(serverUrl(), "experiments/create", { name, artifact_location: "s3://dimexp-no-such-bucket/arrays" });
    const warnings: DimexpWarning[] = [];
    const exp = await DimExperiment.open(name, { backend: open(), onWarning: (w) => warnings.push(w) });
    const ids = await logProfiles(exp);
    const notKept = warnings.filter((w) => w._tag === "ArrayNotKept");
    expect(notKept.map((w) => w._tag === "ArrayNotKept" && [w.runId, w.key, w.backend])).toEqual(
      ["run-si", "run-cgs", "run-natural"].flatMap((r) => [
        [ids[r], "energy", "mlflow"],
        [ids[r], "grid", "mlflow"],
      ]),
    );
    expect(notKept[0]?.message).toContain("s3://dimexp-no-such-bucket");
    expect(notKept[0]?.message).toContain("energy_mean");
    const run = await exp.getRun("run-cgs");
    expect(String(run.metric("energy_max"))).toBe("30000000 erg");
    expect(run.arrays.map((a) => a.key)).toEqual(["energy", "grid"]);
    const error = await exp.getArray("run-cgs", "energy").then(
      () => undefined,
      (e: DimexpError) => e.error,
    );
    expect(error).toMatchObject({ _tag: "NotFound", what: "array" });
    expect(error?.message).toContain("s3:");
    await exp.close();
  });
});
