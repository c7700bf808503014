// The pushed-down filter against core's reference semantics (matchesRawFilter):
// a search may return more runs than the reference (core re-checks them), never
// fewer. Random filters over runs with awkward values find the gaps.

import {
  DimExperiment,
  type ExperimentBackend,
  type ListRunsOptions,
  type PushdownOptions,
  type Quantity,
  type RawFilter,
  type RawPredicate,
  type RunRecord,
  matchesRawFilter,
  parseQuery,
  planPushdown,
  q,
  unitGroupsFromTags,
  unitTagKeys,
} from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalBackend } from "../src/index.js";
import { likeToGlob } from "../src/internal/filter-sql.js";
import { batch, freshPath, must, openAt, tempDir } from "./helpers.js";

const dir = tempDir("filter");

/** mulberry32: a small seeded generator, so a failure reproduces. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const TEXTS = [
  "0", "10", "-0", "0.001", "1e-3", "0x10", " 5 ", "", "  ", "inf", "Infinity", "-Infinity", "NaN", "nan", "abc",
  "Ünïcode", "😀x", "5.0", "1e400", "fd", "FD", "f_d", "f%d", "a*b", "[x]", "'; DROP TABLE runs; --", '{"unit":"J"}', "ﬀ", "line\nbreak",
];
const NUMBERS = [0, -0, 1, 2.5, -3, 5, 10, 16, 1e-300, 1e300, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.001];
const LIKE_PATTERNS = ["f%", "%d", "_d", "F%", "%", "_", "a*%", "[x]", "😀%", "_x", "%ü%", "f_d", "f%d", "%\n%", "FD", "%NICODE", "__"];
const KEYS = ["a", "b", "c", "missing", "we'ird key"];
const STATUSES = ["RUNNING", "FINISHED", "FAILED", "KILLED"] as const;

let backend: LocalBackend;
let experimentId: string;
let all: RunRecord[];

beforeAll(async () => {
  const random = prng(20_240_611);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  backend = openAt(freshPath(dir));
  experimentId = (await must(backend.getOrCreateExperiment("filters"))).id;
  const elsewhere = await must(backend.getOrCreateExperiment("elsewhere"));
  await must(backend.createRun(elsewhere.id, { name: "fd", startTime: 5, tags: { a: "fd" } }));
  for (let i = 0; i < 80; i++) {
    const run = await must(
      backend.createRun(experimentId, { name: random() < 0.5 ? pick(TEXTS) : `run-${i}`, startTime: Math.floor(random() * 20), tags: {} }),
    );
    const params = KEYS.filter((k) => k !== "missing" && random() < 0.7).map((key) => ({ key, value: pick(TEXTS) }));
    const tags = KEYS.filter((k) => k !== "missing" && random() < 0.7).map((key) => ({ key, value: pick(TEXTS) }));
    const metrics = KEYS.filter((k) => k !== "missing" && random() < 0.7).map((key) => {
      const value = pick(NUMBERS);
      return { key, values: Float64Array.of(value), steps: Float64Array.of(0), timestamps: Float64Array.of(1) };
    });
    await must(backend.logBatch(run.id, batch({ params, tags, metrics })));
    const r = random();
    if (r < 0.6) await must(backend.updateRun(run.id, { status: pick(STATUSES), ...(r < 0.4 ? { endTime: Math.floor(random() * 30) } : {}) }));
  }
  all = await must(backend.searchRuns(experimentId));
  expect(all).toHaveLength(80);
});

afterAll(async () => {
  await must(backend.close());
});

const search = async (filter: RawFilter) => new Set((await must(backend.searchRuns(experimentId, { filter }))).map((r) => r.info.id));
const reference = (filter: RawFilter) => new Set(all.filter((r) => matchesRawFilter(r, filter)).map((r) => r.info.id));

const expectNeverStricter = async (filter: RawFilter) => {
  const got = await search(filter);
  const expected = reference(filter);
  const missing = [...expected].filter((id) => !got.has(id));
  expect(missing, `missed matches for ${JSON.stringify(filter)}`).toEqual([]);
  return { got, expected };
};

describe("pushed-down RawFilter", () => {
  it("is never stricter than core's reference on 1,500 random filters", async () => {
    const random = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const ops: RawPredicate["op"][] = ["=", "!=", "<", "<=", ">", ">=", "like", "ilike", "in", "exists"];
    const predicate = (): RawPredicate => {
      const source = pick(["metrics", "params", "tags", "attributes"] as const);
      const key = source === "attributes" ? pick(["status", "name", "run_name", "run_id", "id", "start_time", "end_time", "unknown"]) : pick(KEYS);
      const op = pick(ops);
      const value =
        op === "exists"
          ? undefined
          : op === "in"
            ? Array.from({ length: Math.floor(random() * 3) }, () => (random() < 0.5 ? pick(TEXTS) : String(pick(NUMBERS))))
            : op === "like" || op === "ilike"
              ? pick(LIKE_PATTERNS)
              : random() < 0.5
                ? pick(NUMBERS)
                : pick([...TEXTS, ...STATUSES]);
      return { source, key, op, value };
    };
    let exact = 0;
    const rounds = 1_500;
    for (let i = 0; i < rounds; i++) {
      const filter = Array.from({ length: 1 + Math.floor(random() * 3) }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, predicate));
      const { got, expected } = await expectNeverStricter(filter);
      if (got.size === expected.size) exact++;
    }
    // looser only where SQL cannot say it exactly (mostly attributes the reference does not know)
    expect(exact / rounds).toBeGreaterThan(0.9);
  });

  it("is exact for the usual predicates", async () => {
    const filters: RawFilter[] = [
      [[{ source: "metrics", key: "a", op: ">", value: 2 }]],
      [[{ source: "metrics", key: "a", op: "<=", value: Number.POSITIVE_INFINITY }]],
      [[{ source: "metrics", key: "b", op: "=", value: 0 }]],
      [[{ source: "metrics", key: "c", op: "in", value: ["NaN", "10"] }]],
      [[{ source: "params", key: "a", op: ">=", value: 5 }]],
      [[{ source: "params", key: "b", op: "<", value: 1 }, { source: "tags", key: "c", op: "exists", value: undefined }]],
      [[{ source: "tags", key: "c", op: ">", value: "😀x" }]],
      [[{ source: "tags", key: "c", op: "<=", value: "fd" }]],
      [[{ source: "params", key: "c", op: "=", value: 16 }], [{ source: "tags", key: "a", op: "like", value: "f%" }]],
      [[{ source: "tags", key: "b", op: "ilike", value: "%nicode" }]],
      [[{ source: "tags", key: "b", op: "like", value: "f_d" }]],
      [[{ source: "tags", key: "a", op: "in", value: ["fd", "FD", "abc"] }]],
      [[{ source: "tags", key: "we'ird key", op: "exists", value: undefined }]],
      [[{ source: "attributes", key: "status", op: "=", value: "FINISHED" }]],
      [[{ source: "attributes", key: "status", op: "in", value: ["FAILED", "KILLED"] }]],
      [[{ source: "attributes", key: "start_time", op: ">", value: 10 }]],
      [[{ source: "attributes", key: "end_time", op: "exists", value: undefined }]],
      [[{ source: "attributes", key: "name", op: "like", value: "run-1%" }]],
      [[{ source: "params", key: "a", op: "=", value: "'; DROP TABLE runs; --" }]],
    ];
    let nonEmpty = 0;
    for (const filter of filters) {
      const { got, expected } = await expectNeverStricter(filter);
      expect([...got].sort(), JSON.stringify(filter)).toEqual([...expected].sort());
      if (expected.size > 0 && expected.size < all.length) nonEmpty++;
    }
    expect(nonEmpty, "most of these filters select some runs but not all").toBeGreaterThan(filters.length * 0.7);
  });

  it("treats an absent or empty filter (and an empty conjunction) as matching every run", async () => {
    expect((await search([])).size).toBe(80);
    expect((await search([[]])).size).toBe(80);
    expect((await search([[{ source: "metrics", key: "a", op: ">", value: 1e9 }], []])).size).toBe(80);
    expect((await must(backend.searchRuns(experimentId, {}))).length).toBe(80);
  });

  it("matches `in` with an empty list nothing, like the reference", async () => {
    for (const source of ["metrics", "params", "tags", "attributes"] as const) {
      const key = source === "attributes" ? "status" : "a";
      expect((await search([[{ source, key, op: "in", value: [] }]])).size).toBe(0);
    }
  });

  it("translates like patterns into GLOB patterns literally", () => {
    expect(likeToGlob("f%d_[*?]")).toBe("f*d?[[][*][?]]");
    expect(likeToGlob("100%")).toBe("100*");
  });
});

// ---------------------------------------------------------------- units in queries (issue 11.2, 12.12)

/** SI, CGS and natural-unit runs: domain_length (param) and size (metric) in m, cm and GeV⁻¹; peak in J, erg, or m. */
const logUnitSystems = async (exp: DimExperiment): Promise<void> => {
  const runs: Array<[string, Quantity, Quantity | undefined]> = [
    ["run-si", q(1, "m"), q(3, "J")],
    ["run-cgs", q(120, "cm"), q(2e7, "erg")],
    ["run-short", q(40, "cm"), undefined],
    ["run-natural", q(3e15, "1/GeV"), q(0.5, "m")], // about 59 cm
  ];
  for (const [name, length, peak] of runs) {
    await exp.withRun(name, (r) => {
      r.logParam("domain_length", length);
      r.logMetric("size", length);
      if (peak) r.logMetric("peak", peak);
    });
  }
};

/** What core pushes down for `filter` (the unit groups read from the backend), and what the backend returns for it. */
const pushedDown = async (backend: ExperimentBackend, experimentId: string, filter: string, options: PushdownOptions) => {
  const parsed = parseQuery(filter);
  if (parsed._tag === "Left") throw new Error(parsed.left.message);
  const distinct = await backend.distinctTagValues(experimentId, unitTagKeys(parsed.right, options))();
  if (distinct._tag === "Left") throw new Error(distinct.left.message);
  const raw = planPushdown(parsed.right, unitGroupsFromTags(distinct.right), backend.capabilities, options);
  const found = await backend.searchRuns(experimentId, { filter: raw })();
  if (found._tag === "Left") throw new Error(found.left.message);
  return { raw, names: found.right.map((r) => r.info.name).sort() };
};

const expectUnitSystemsQueries = async (exp: DimExperiment): Promise<void> => {
  const names = async (options: ListRunsOptions) => (await exp.listRuns(options)).map((r) => r.name);
  // without a context: one error for the whole experiment, naming the flag that exists
  await expect(exp.listRuns({ filter: "params.domain_length >= 50 cm" })).rejects.toThrow(/--context natural/);
  await expect(exp.listRuns({ orderBy: "params.domain_length" })).rejects.toThrow(/--context natural/);
  // with it: filtered and ordered in one unit, params and metrics alike
  expect(await names({ filter: "params.domain_length >= 50 cm", orderBy: "params.domain_length", context: "natural" })).toEqual([
    "run-natural",
    "run-si",
    "run-cgs",
  ]);
  expect(await names({ filter: "metrics.size >= 50 cm", orderBy: "metrics.size desc", context: ["natural"] })).toEqual(["run-cgs", "run-si", "run-natural"]);
  expect(await names({ orderBy: "params.domain_length desc", context: "natural" })).toEqual(["run-cgs", "run-si", "run-natural", "run-short"]);
  // the backend itself applies a converted bound per unit group (the natural one included): exact on metrics
  const bound = q(50, "cm").to("1/GeV", { context: "natural" });
  if (bound._tag === "Left") throw new Error(bound.left.message);
  const pushed = await pushedDown(exp.backend, exp.id, "metrics.size >= 50 cm", { context: "natural" });
  expect((pushed.raw ?? []).flatMap((c) => c.filter((p) => p.source === "metrics").map((p) => p.value))).toEqual(
    expect.arrayContaining([0.5, 50, bound.right.value]),
  );
  expect(pushed.names).toEqual(["run-cgs", "run-natural", "run-si"]);
  // a metric in J in some runs and in m in another: a dimension guard restricts the comparison
  await expect(exp.listRuns({ filter: "metrics.peak > 2.5 J" })).rejects.toThrow(/dimension\(metrics.peak\) = energy and/);
  expect(await names({ filter: "dimension(metrics.peak) = energy and metrics.peak > 2.5 J" })).toEqual(["run-si"]);
  expect(await names({ dimensionFilter: { peak: "energy" }, orderBy: "metrics.peak desc" })).toEqual(["run-si", "run-cgs"]);
  const guarded = await pushedDown(exp.backend, exp.id, "dimension(metrics.peak) = energy and metrics.peak > 2.5 J", {});
  expect(guarded.names).toEqual(["run-si"]);
};

describe("unit-aware queries on the embedded store", () => {
  it("filters and orders SI, CGS and natural-unit runs through a context, pushed down per unit group; a dimension guard restricts", async () => {
    const exp = await DimExperiment.open("unit-systems", { backend: openAt(freshPath(dir)) });
    await logUnitSystems(exp);
    await expectUnitSystemsQueries(exp);
    // params too are compared in SQL, with the natural group's own bound
    expect((await pushedDown(exp.backend, exp.id, "params.domain_length >= 50 cm", { context: "natural" })).names).toEqual(["run-cgs", "run-natural", "run-si"]);
    await exp.close();
  });
});
