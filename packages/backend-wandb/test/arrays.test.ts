// Full arrays on W&B are run files (dimexp/arrays/<key>/<sequence>-step-<n>.json,
// Python dimtensor's DimArray JSON). Online they travel as the SDK's own files
// do — CreateRunFiles, a PUT of each, the paths in file_stream's `uploaded` —
// and wandb.Api() lists and downloads them; offline they sit in the run
// folder's files/ with a Files record in the .wandb log, and `wandb sync`
// uploads them. Read back in SI, CGS and natural units (GeV and erg in J).

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DimArray, DimExperiment, type DimexpWarning, type ExperimentBackend } from "@dimexp/core";
import { formatUnit } from "@dimexp/units";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayTransactionLog } from "../src/index.js";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { offlineBackend, onlineBackend, tempDir } from "./support/helpers.js";
import { inCI, runScript, runVenv, wandbEnv, wandbMissing } from "./support/python.js";

// CODATA 2018, exact: the oracle for eV ↔ J, independent of @dimexp/units.
const EV_IN_J = 1.602176634e-19;

const array = (values: readonly number[] | readonly (readonly number[])[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

const PROFILES: Array<[string, string, (step: number) => number[]]> = [
  ["run-si", "J", (s) => [1 + s, 2, Number.NaN]],
  ["run-cgs", "erg", (s) => [1e7 * (1 + s), 2e7, -0]],
  ["run-natural", "GeV", (s) => [0.5 * (1 + s), 1, Number.POSITIVE_INFINITY]],
];

/** SI, CGS and natural-unit runs of one energy profile (three steps) and a 2-D grid. */
const logProfiles = async (backend: ExperimentBackend, experiment: string, warnings: DimexpWarning[] = []): Promise<Record<string, string>> => {
  const exp = await DimExperiment.open(experiment, { backend, onWarning: (w) => warnings.push(w) });
  const ids: Record<string, string> = {};
  for (const [name, unit, values] of PROFILES) {
    await exp.withRun(name, (run) => {
      ids[name] = run.id;
      for (let step = 0; step < 3; step++) run.logArray("energy", array(values(step), unit), { step });
      run.logArray("grid", array([[1, 2], [3, 4]], "cm"), { step: 0 });
    });
  }
  return ids;
};

/** What a user reads back: each run's profiles, in joules. */
const checkReadBack = async (backend: ExperimentBackend, experiment: string) => {
  const exp = await DimExperiment.open(experiment, { backend });
  expect([...(await exp.getArray("run-si", "energy")).data]).toEqual([3, 2, Number.NaN]);
  expect([...(await exp.getArray("run-si", "energy", { step: 1 })).data]).toEqual([2, 2, Number.NaN]);
  const cgs = await exp.getArray("run-cgs", "energy");
  expect(formatUnit(cgs.unit)).toBe("erg");
  expect([...cgs.data]).toEqual([3e7, 2e7, -0]);
  expect(Object.is(cgs.data[2], -0)).toBe(true);
  expect([...(await exp.getArray("run-cgs", "energy", { unit: "J" })).data].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([3, 2, -0]);
  const natural = await exp.getArray("run-natural", "energy", { unit: "J" });
  expect((natural.data[0] as number) / (1.5e9 * EV_IN_J)).toBeCloseTo(1, 12);
  expect(natural.data[2]).toBe(Number.POSITIVE_INFINITY);
  const grid = await exp.getArray("run-natural", "grid");
  expect(grid.shape).toEqual([2, 2]);
  expect(formatUnit(grid.unit)).toBe("cm");
  expect((await exp.listArrays("run-cgs")).map((a) => [a.key, a.steps, a.kept])).toEqual([
    ["energy", [0, 1, 2], true],
    ["grid", [0], true],
  ]);
};

const suite = wandbMissing && !inCI ? describe.skip : describe;

describe("online: arrays are run files, uploaded as the SDK uploads files", () => {
  let fake: WandbFake;
  beforeAll(async () => {
    fake = await startWandbFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("CreateRunFiles, a PUT per file, the paths reported as uploaded; read back in SI, CGS and natural units", async () => {
    const backend = onlineBackend(fake, { project: "arrays-online" });
    expect(backend.capabilities.arrays).toBe(true);
    const warnings: DimexpWarning[] = [];
    const ids = await logProfiles(backend, "profiles", warnings);
    expect(warnings).toEqual([]);
    const stored = fake.run(fake.entity, "arrays-online", ids["run-natural"] as string);
    const names = [...(stored?.files.keys() ?? [])].filter((n) => n.startsWith("dimexp/"));
    expect(names).toHaveLength(4);
    expect(names.filter((n) => n.startsWith("dimexp/arrays/energy/")).map((n) => /-step-(\d+)\.json$/.exec(n)?.[1])).toEqual(["0", "1", "2"]);
    expect(names.every((n) => stored?.uploaded.has(n))).toBe(true);
    expect(JSON.parse(stored?.files.get(names[0] as string)?.toString("utf8").replace(/Infinity/g, '"Infinity"') ?? "{}")).toMatchObject({
      data: [0.5, 1, "Infinity"],
      unit: { symbol: "GeV" },
      dtype: "float64",
    });
    expect(fake.operations.has("CreateRunFiles")).toBe(true);
    expect(fake.unserved).toEqual([]);
    await checkReadBack(backend, "profiles");
    // another backend (another process, in effect) reads them too
    await checkReadBack(onlineBackend(fake, { project: "arrays-online" }), "profiles");
    await backend.close()();
  });
});

suite(`wandb.Api() lists and downloads the array files${wandbMissing ? ` (skipped: ${wandbMissing})` : ""}`, () => {
  let fake: WandbFake;
  const home = tempDir("arrays-api");
  beforeAll(async () => {
    if (wandbMissing) throw new Error(`CI: ${wandbMissing}`);
    fake = await startWandbFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("run.files(pattern=…) pages through them and File.download() gives dimexp's files", async () => {
    const ids = await logProfiles(onlineBackend(fake, { project: "arrays-api" }), "profiles");
    const env = wandbEnv(fake, home);
    const listed = await runScript<{ count: number; names: string[]; files: Record<string, { data: unknown; unit: { symbol: string }; dimexp: { step: number } }> }>(
      "wandb_files.py",
      [fake.entity, "arrays-api", ids["run-cgs"] as string, "dimexp/arrays/energy/%", path.join(home, "download")],
      env,
    );
    expect(listed.count).toBe(3);
    expect(listed.names.map((n) => listed.files[n]?.dimexp.step)).toEqual([0, 1, 2]);
    expect(listed.names.map((n) => listed.files[n]?.data)).toEqual([
      [1e7, 2e7, -0],
      [2e7, 2e7, -0],
      [3e7, 2e7, -0],
    ]);
    expect(listed.files[listed.names[0] as string]?.unit.symbol).toBe("erg");
    expect(fake.unserved).toEqual([]);
  }, 180_000);
});

suite(`offline: files/ and Files records, uploaded by \`wandb sync\`${wandbMissing ? ` (skipped: ${wandbMissing})` : ""}`, () => {
  let fake: WandbFake;
  const dir = tempDir("arrays-offline");
  const home = tempDir("arrays-offline-home");
  let ids: Record<string, string>;
  beforeAll(async () => {
    if (wandbMissing) throw new Error(`CI: ${wandbMissing}`);
    fake = await startWandbFake();
    ids = await logProfiles(offlineBackend(dir, { entity: fake.entity, project: "arrays-offline" }), "profiles");
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
  });

  const folderOf = (id: string): string => {
    const name = readdirSync(path.join(dir, "wandb")).find((f) => f.endsWith(`-${id}`)) as string;
    return path.join(dir, "wandb", name);
  };

  it("writes each array under the run folder's files/, named by a Files record, and reads them back", async () => {
    const folder = folderOf(ids["run-si"] as string);
    const files = readdirSync(path.join(folder, "files", "dimexp", "arrays", "energy"));
    expect(files).toHaveLength(3);
    const replayed = replayTransactionLog(path.join(folder, `run-${ids["run-si"]}.wandb`));
    expect([...(replayed?.files ?? [])].sort()).toEqual(
      [...files.map((f) => `dimexp/arrays/energy/${f}`), ...readdirSync(path.join(folder, "files", "dimexp", "arrays", "grid")).map((f) => `dimexp/arrays/grid/${f}`)].sort(),
    );
    // a file no Files record names (a writer that died before its record) is not part of the run
    writeFileSync(path.join(folder, "files", "dimexp", "arrays", "energy", "zzzzzzzzzzz-step-9.json"), readFileSync(path.join(folder, "files", "dimexp", "arrays", "energy", files[0] as string)));
    await checkReadBack(offlineBackend(dir, { entity: fake.entity, project: "arrays-offline" }), "profiles");
  });

  it("wandb's own decoder reads the Files records; `wandb sync` uploads the files, where the online backend reads them", async () => {
    const env = wandbEnv(fake, home);
    const folder = folderOf(ids["run-natural"] as string);
    const decoded = await runScript<{ records: Array<Record<string, unknown>> }>("wandb_decode.py", [path.join(folder, `run-${ids["run-natural"]}.wandb`)], env);
    const paths = decoded.records.flatMap((r) => ((r.files as { files?: Array<{ path: string }> } | undefined)?.files ?? []).map((f) => f.path));
    expect(paths.filter((p) => p.startsWith("dimexp/arrays/energy/"))).toHaveLength(3);
    const folders = readdirSync(path.join(dir, "wandb")).map((f) => path.join(dir, "wandb", f));
    const { stdout, stderr } = await runVenv("wandb", ["sync", ...folders], env, dir, 180_000);
    expect(`${stdout}${stderr}`).not.toMatch(/error|failed/i);
    expect(fake.unserved).toEqual([]);
    const synced = fake.run(fake.entity, "arrays-offline", ids["run-natural"] as string);
    expect([...(synced?.files.keys() ?? [])].filter((n) => n.startsWith("dimexp/arrays/")).sort()).toEqual(paths.sort());
    // the orphan file written in the test above was not uploaded: no Files record names it
    expect([...(fake.run(fake.entity, "arrays-offline", ids["run-si"] as string)?.files.keys() ?? [])].some((n) => n.includes("zzzzzzzzzzz"))).toBe(false);
    await checkReadBack(onlineBackend(fake, { project: "arrays-offline" }), "profiles");
  }, 240_000);
});
