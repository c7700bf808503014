// Contexts, dimension guards and the dimension filter in queries: a length
// logged in GeV⁻¹ compares with 50 cm through `natural`; a metric logged in J
// by some runs and in m by others filters under dimension(metrics.x) = energy;
// { loss: "energy" } keeps the runs whose loss is an energy. Evaluation,
// up-front checks and pushdown must agree on every run.

import { type Quantity, q } from "@dimexp/units";
import { describe, expect, it } from "vitest";
import type { ExperimentBackend, RawFilter, SearchOptions } from "../src/backend.js";
import type { CoreError } from "../src/errors.js";
import { DimExperiment } from "../src/experiment.js";
import { findRuns } from "../src/find-runs.js";
import { createMemoryBackend } from "../src/memory-backend.js";
import type { RunRecord } from "../src/model.js";
import {
  type DimensionFilter,
  type QueryOptions,
  type UnitGroupsOf,
  checkUnitGroups,
  evaluateQuery,
  parseDimensionFilter,
  planPushdown,
  unitGroupsFromTags,
  unitTagKeys,
} from "../src/query/index.js";
import type { Query } from "../src/query/ast.js";
import { matchesRawFilter } from "../src/internal/raw-filter.js";
import { dimexpRun, dimtensorRun, parsed } from "./query-fixtures.js";

const ALL = { arrays: false, pushdown: { or: true, numericParams: true, like: true } } as const;

/** A value in `unit` converted from `quantity` through `context` (the units package decides, not this test). */
const inUnit = (quantity: Quantity, unit: string, context?: string): number => {
  const converted = quantity.to(unit, context ? { context } : {});
  if (converted._tag === "Left") throw new Error(converted.left.message);
  return converted.right.value;
};

const groupsOver = (runs: readonly RunRecord[], query: Query, options?: QueryOptions): UnitGroupsOf => {
  const distinct: Record<string, string[]> = {};
  for (const key of unitTagKeys(query, options)) {
    distinct[key] = [...new Set(runs.map((r) => r.tags[key]).filter((v): v is string => v !== undefined))];
  }
  return unitGroupsFromTags(distinct);
};

const names = (runs: readonly RunRecord[]): string[] => runs.map((r) => r.info.name).sort();

/** Evaluation, the up-front check and the pushdown over `runs`; the pushdown must keep every match. */
const search = (runs: readonly RunRecord[], text: string, options?: QueryOptions): { matched: string[]; pushed: RawFilter | undefined } | CoreError => {
  const query = parsed(text);
  const groups = groupsOver(runs, query, options);
  const checked = checkUnitGroups(query, groups, options);
  if (checked._tag === "Left") return checked.left;
  const matched: RunRecord[] = [];
  for (const run of runs) {
    const ok = evaluateQuery(query, run, options);
    if (ok._tag === "Left") return ok.left;
    if (ok.right) matched.push(run);
  }
  const pushed = planPushdown(query, groups, ALL, options);
  const lost = matched.filter((r) => pushed !== undefined && !matchesRawFilter(r, pushed));
  expect(names(lost), `pushdown of ${text} drops matches`).toEqual([]);
  return { matched: names(matched), pushed };
};

const matchedBy = (runs: readonly RunRecord[], text: string, options?: QueryOptions): string[] => {
  const result = search(runs, text, options);
  if (!("matched" in result)) throw new Error(`${text}: ${result.message}`);
  return result.matched;
};

const errorOf = (runs: readonly RunRecord[], text: string, options?: QueryOptions): CoreError => {
  const result = search(runs, text, options);
  if ("matched" in result) throw new Error(`expected ${text} to fail, matched ${result.matched.join(", ")}`);
  return result;
};

// 1 m, 100 cm, 40 cm; in natural units 5e15 GeV⁻¹ ≈ 98.7 cm and 1e15 GeV⁻¹ ≈ 19.7 cm
const lengths = [
  dimexpRun({ name: "si", params: { domain_length: [1, "m"] } }),
  dimexpRun({ name: "cgs", params: { domain_length: [100, "cm"] } }),
  dimexpRun({ name: "short", params: { domain_length: [40, "cm"] } }),
  dimexpRun({ name: "natural", params: { domain_length: [5e15, "1/GeV"] } }),
  dimexpRun({ name: "natural-short", params: { domain_length: [1e15, "GeV^-1"] } }),
];

describe("context: natural-unit runs among SI and CGS ones", () => {
  it("compares a length logged in GeV⁻¹ with 50 cm through the natural context", () => {
    expect(matchedBy(lengths, "params.domain_length >= 50 cm", { context: "natural" })).toEqual(["cgs", "natural", "si"]);
    expect(matchedBy(lengths, "params.domain_length < 0.5 m", { context: ["natural"] })).toEqual(["natural-short", "short"]);
    // the other way round: a literal in natural units against SI and CGS runs
    expect(matchedBy(lengths, "params.domain_length > 4e15 GeV^-1", { context: "natural" })).toEqual(["cgs", "natural", "si"]);
  });

  it("without a context, is a type error that names the context and how to pass it", () => {
    const error = errorOf(lengths, "params.domain_length >= 50 cm");
    expect(error._tag).toBe("QueryTypeError");
    expect(error.message).toContain('related through the context "natural"');
    expect(error.message).toContain("--context natural");
    expect(error.message).toContain('{ context: "natural" }');
    const useless = errorOf(lengths, "params.domain_length >= 50 cm", { context: "gaussian" });
    expect(useless.message).toContain('the context "gaussian" given does not relate them');
  });

  it("pushes one converted bound per unit group, the natural one included", () => {
    const result = search(lengths, "params.domain_length >= 50 cm", { context: "natural" });
    if (!("pushed" in result)) throw new Error(result.message);
    const bounds = (result.pushed ?? []).flatMap((c) => c.filter((p) => p.source === "params").map((p) => p.value));
    expect(bounds).toEqual(expect.arrayContaining([0.5, 50, inUnit(q(50, "cm"), "1/GeV", "natural")]));
  });

  it("decides at the boundary as the conversion does, in the evaluation and the pushdown alike", () => {
    const bound = inUnit(q(50, "cm"), "1/GeV", "natural");
    const runs = [
      dimexpRun({ name: "at", params: { L: [bound, "1/GeV"] } }),
      dimexpRun({ name: "below", params: { L: [bound * (1 - 1e-12), "1/GeV"] } }),
      dimexpRun({ name: "cm", params: { L: [50, "cm"] } }),
    ];
    expect(matchedBy(runs, "params.L >= 50 cm", { context: "natural" })).toEqual(["at", "cm"]);
    expect(matchedBy(runs, "params.L > 50 cm", { context: "natural" })).toEqual([]);
  });

  it("converts the run's value when the context reverses order (spectral: wavelength and frequency)", () => {
    const runs = [
      dimexpRun({ name: "500nm", metrics: { line: [500, "nm"] } }),
      dimexpRun({ name: "700nm", metrics: { line: [700, "nm"] } }),
      // 545 THz is about 550 nm; 400 THz about 749 nm
      dimexpRun({ name: "545THz", metrics: { line: [545, "THz"] } }),
      dimexpRun({ name: "400THz", metrics: { line: [400, "THz"] } }),
    ];
    expect(matchedBy(runs, "metrics.line < 600 nm", { context: "spectral" })).toEqual(["500nm", "545THz"]);
    expect(matchedBy(runs, "metrics.line >= 600 nm", { context: "spectral" })).toEqual(["400THz", "700nm"]);
  });

  it("refuses an unknown or empty context by name, listing the contexts", () => {
    const query = parsed("params.domain_length >= 50 cm");
    const unknown = evaluateQuery(query, lengths[0] as RunRecord, { context: "natrual" });
    expect(unknown._tag).toBe("Left");
    if (unknown._tag === "Left") {
      expect(unknown.left._tag).toBe("UnknownContext");
      expect(unknown.left.message).toContain("natural");
    }
    const empty = evaluateQuery(query, lengths[0] as RunRecord, { context: "" });
    expect(empty._tag === "Left" && empty.left.message).toContain("empty context name");
  });
});

// x logged in J by some runs and in m by others (12.12)
const mixed = [
  dimexpRun({ name: "J-low", metrics: { x: [0.5, "J"] } }),
  dimexpRun({ name: "J-high", metrics: { x: [3, "J"] } }),
  dimexpRun({ name: "erg-high", metrics: { x: [2e7, "erg"] } }),
  dimexpRun({ name: "m-low", metrics: { x: [0.5, "m"] } }),
  dimexpRun({ name: "m-high", metrics: { x: [3, "m"] } }),
  dimtensorRun({ name: "py-J", metrics: { x: [4, "J"] } }),
];

describe("dimension guards: a metric logged in J by some runs and in m by others", () => {
  it("without a guard, is one error whose advice works: the guard", () => {
    const error = errorOf(mixed, "metrics.x > 1 J");
    expect(error.message).toContain("dimension(metrics.x) = energy and metrics.x > 1 J");
  });

  it("restricts the comparison to the guarded dimension, in any order and any spelling", () => {
    expect(matchedBy(mixed, "dimension(metrics.x) = energy and metrics.x > 1 J")).toEqual(["J-high", "erg-high", "py-J"]);
    expect(matchedBy(mixed, "metrics.x > 1 J and dimension(metrics.x) = J")).toEqual(["J-high", "erg-high", "py-J"]);
    expect(matchedBy(mixed, "dimension(metrics.x) in (energy, power) and metrics.x > 1 J")).toEqual(["J-high", "erg-high", "py-J"]);
    expect(matchedBy(mixed, "dimension(metrics.x) != length and metrics.x > 1 J")).toEqual(["J-high", "erg-high", "py-J"]);
    expect(matchedBy(mixed, "not dimension(metrics.x) = length and metrics.x > 1 J")).toEqual(["J-high", "erg-high", "py-J"]);
    // the guard covers every comparison of its `and` chain, under or and not too
    expect(matchedBy(mixed, "dimension(metrics.x) = energy and (metrics.x > 2.5 J or metrics.x < 1 J)")).toEqual(["J-high", "J-low", "py-J"]);
    expect(matchedBy(mixed, "dimension(metrics.x) = energy and not metrics.x > 1 J")).toEqual(["J-low"]);
    // one branch per dimension
    expect(matchedBy(mixed, "(dimension(metrics.x) = energy and metrics.x > 2.5 J) or (dimension(metrics.x) = length and metrics.x < 1 m)")).toEqual([
      "J-high",
      "m-low",
      "py-J",
    ]);
  });

  it("does not reach outside its chain, nor cover another field", () => {
    expect(errorOf(mixed, "dimension(metrics.x) = energy or metrics.x > 1 J")._tag).toBe("QueryTypeError");
    expect(errorOf(mixed, "(dimension(metrics.x) = energy and metrics.x > 1 J) or metrics.x < 1 J")._tag).toBe("QueryTypeError");
    expect(errorOf(mixed, "dimension(metrics.y) = energy and metrics.x > 1 J")._tag).toBe("QueryTypeError");
    expect(errorOf(mixed, "dimension(params.x) = energy and metrics.x > 1 J")._tag).toBe("QueryTypeError");
  });

  it("leaves the refused groups out of the pushdown", () => {
    const result = search(mixed, "dimension(metrics.x) = energy and metrics.x > 1 J");
    if (!("pushed" in result)) throw new Error(result.message);
    const text = JSON.stringify(result.pushed);
    expect(text).toContain('\\"unit\\":\\"J\\"');
    expect(text).not.toContain('\\"unit\\":\\"m\\"');
    // the runs in m are not fetched at all
    const fetched = mixed.filter((r) => result.pushed === undefined || matchesRawFilter(r, result.pushed));
    expect(names(fetched).filter((n) => n.startsWith("m-"))).toEqual([]);
  });
});

describe("dimension() and the dimensionFilter pushed down", () => {
  const fetchedBy = (text: string, options?: QueryOptions): string[] => {
    const result = search(mixed, text, options);
    if (!("pushed" in result)) throw new Error(result.message);
    expect(result.pushed).toBeDefined();
    return names(mixed.filter((r) => result.pushed === undefined || matchesRawFilter(r, result.pushed)));
  };

  it("selects the unit groups of the dimension, dimexp's and dimtensor's tags alike", () => {
    expect(fetchedBy("dimension(metrics.x) = energy")).toEqual(["J-high", "J-low", "erg-high", "py-J"]);
    expect(fetchedBy("dimension(metrics.x) in (length, power)")).toEqual(["m-high", "m-low"]);
    expect(fetchedBy("", { dimensionFilter: [{ source: undefined, key: "x", dimensions: [q(1, "m").unit.dimension] }] })).toEqual(["m-high", "m-low"]);
    // no group of that dimension: no run can match, no search is needed
    expect(search(mixed, "dimension(metrics.x) = force")).toMatchObject({ matched: [], pushed: [] });
  });
});

describe("dimensionFilter (the plan's dimension_filter)", () => {
  const exp = async () => {
    const backend = createMemoryBackend();
    const e = await DimExperiment.open("dims", { backend, onWarning: () => undefined });
    await e.withRun("si", (r) => {
      r.logParam("domain_length", q(1, "m"));
      r.logParam("force", q(2, "N"));
      r.logMetric("loss", q(0.02, "J"));
    });
    await e.withRun("cgs", (r) => {
      r.logParam("domain_length", q(100, "cm"));
      r.logMetric("loss", q(1.5e5, "erg"));
    });
    await e.withRun("natural", (r) => {
      r.logParam("domain_length", q(5e15, "1/GeV"));
      r.logMetric("loss", q(0.3, "m"));
    });
    return e;
  };
  const runNames = (runs: ReadonlyArray<{ name: string }>) => runs.map((r) => r.name).sort();

  it("keeps the runs whose field has the dimension: bare names, metrics./params., units and lists", async () => {
    const e = await exp();
    expect(runNames(await e.listRuns({ dimensionFilter: { loss: "energy" } }))).toEqual(["cgs", "si"]);
    expect(runNames(await e.listRuns({ dimensionFilter: { "metrics.loss": "J" } }))).toEqual(["cgs", "si"]);
    expect(runNames(await e.listRuns({ dimensionFilter: { loss: ["energy", "length"] } }))).toEqual(["cgs", "natural", "si"]);
    // a bare name is the param when the run has no such metric
    expect(runNames(await e.listRuns({ dimensionFilter: { domain_length: "length" } }))).toEqual(["cgs", "si"]);
    expect(runNames(await e.listRuns({ dimensionFilter: { "params.domain_length": "1/GeV" } }))).toEqual(["natural"]);
    // the plan's form: any param or metric of the dimension
    expect(runNames(await e.listRuns({ dimensionFilter: { force: true } }))).toEqual(["si"]);
    expect(runNames(await e.listRuns({ dimensionFilter: { force: false } }))).toEqual(["cgs", "natural"]);
    await e.close();
  });

  it("guards the filter and the order: comparisons and sorting see only those runs", async () => {
    const e = await exp();
    await expect(e.listRuns({ filter: "metrics.loss < 0.05 J" })).rejects.toThrow(/dimension\(metrics.loss\) = energy/);
    expect(runNames(await e.listRuns({ filter: "metrics.loss < 0.05 J", dimensionFilter: { loss: "energy" } }))).toEqual(["cgs", "si"]);
    const ordered = await e.listRuns({ orderBy: "metrics.loss desc", dimensionFilter: { loss: "energy" } });
    expect(ordered.map((r) => r.name)).toEqual(["si", "cgs"]);
    await e.close();
  });

  it("refuses a dimension it does not know, listing the accepted names", () => {
    const bad = parseDimensionFilter({ loss: "energi" });
    expect(bad._tag).toBe("Left");
    if (bad._tag === "Left") {
      expect(bad.left.message).toContain('unknown dimension "energi" for loss');
      expect(bad.left.message).toContain("energy, work, heat");
    }
    const notADimension = parseDimensionFilter({ loss: true });
    expect(notADimension._tag === "Left" && notADimension.left.message).toContain('"loss" is not a dimension name');
    expect(parseDimensionFilter({ loss: "" })._tag).toBe("Left");
    expect(parseDimensionFilter({ "": "energy" })._tag).toBe("Left");
    expect(parseDimensionFilter({ loss: [] })._tag).toBe("Left");
  });
});

describe("findRuns with a context: filtered and ordered", () => {
  /** A backend that records the filters it is asked for. */
  const recording = (backend: ExperimentBackend, seen: Array<RawFilter | undefined>): ExperimentBackend =>
    new Proxy(backend, {
      get(target, key, receiver) {
        if (key === "searchRuns") {
          return (experimentId: string, options?: SearchOptions) => {
            seen.push(options?.filter);
            return target.searchRuns(experimentId, options);
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });

  it("filters and orders SI, CGS and natural-unit runs in one unit; without the context both are errors naming it", async () => {
    const seen: Array<RawFilter | undefined> = [];
    const backend = recording(createMemoryBackend(), seen);
    const e = await DimExperiment.open("heat", { backend });
    for (const [name, length] of [
      ["run-si", q(1, "m")],
      ["run-cgs", q(120, "cm")],
      ["run-short", q(40, "cm")],
      ["run-natural", q(3e15, "1/GeV")], // ≈ 59 cm
    ] as const) {
      await e.withRun(name, (r) => r.logParam("domain_length", length));
    }
    const long = await e.listRuns({ filter: "params.domain_length >= 50 cm", orderBy: "params.domain_length", context: "natural" });
    expect(long.map((r) => r.name)).toEqual(["run-natural", "run-si", "run-cgs"]);
    const bounds = (seen.at(-1) ?? []).flatMap((c) => c.filter((p) => p.source === "params").map((p) => p.value));
    expect(bounds).toContain(inUnit(q(50, "cm"), "1/GeV", "natural"));
    const all = await e.listRuns({ orderBy: "params.domain_length desc", context: "natural" });
    expect(all.map((r) => r.name)).toEqual(["run-cgs", "run-si", "run-natural", "run-short"]);
    const filterError = await findRuns(backend, e.id, { filter: "params.domain_length >= 50 cm" })();
    expect(filterError._tag === "Left" && filterError.left.message).toContain("--context natural");
    const orderError = await findRuns(backend, e.id, { orderBy: "params.domain_length" })();
    expect(orderError._tag === "Left" && orderError.left.message).toContain("--context natural");
    await e.close();
  });
});

describe("contexts and guards: the pushdown keeps every match, the up-front check only reports real errors", () => {
  /** mulberry32, seeded so a failure reproduces */
  const prng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = prng(1112);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const X_UNITS = ["J", "erg", "eV", "GeV", "m", "cm", "nm", "THz", "1/GeV", "K", "kg"];
  const L_UNITS = ["m", "cm", "1/GeV", "fm", "s"];
  const magnitude = () => 10 ** (random() * 40 - 20);
  const runs: RunRecord[] = Array.from({ length: 160 }, (_, i) => {
    const metrics: Record<string, readonly [number, string]> = {};
    const params: Record<string, readonly [number, string]> = {};
    if (random() < 0.85) metrics.x = [magnitude(), pick(X_UNITS)];
    if (random() < 0.85) params.L = [magnitude(), pick(L_UNITS)];
    const spec = { id: `r${i}`, name: `run-${i}`, metrics, params };
    return random() < 0.8 ? dimexpRun(spec) : dimtensorRun(spec);
  });
  const leaf = (): string => {
    const r = random();
    const op = pick(["<", "<=", ">", ">=", "="]);
    if (r < 0.35) return `metrics.x ${op} ${magnitude()} ${pick(X_UNITS)}`;
    if (r < 0.6) return `params.L ${op} ${magnitude()} ${pick(L_UNITS)}`;
    if (r < 0.8) return `dimension(metrics.x) ${pick(["=", "!="])} ${pick(["energy", "length", "frequency", "mass", "temperature"])}`;
    if (r < 0.9) return `dimension(params.L) ${pick(["=", "!=", "in"]) === "in" ? "in (length, time)" : "= length"}`;
    return `metrics.x in (${magnitude()} J, ${magnitude()} m)`;
  };
  const query = (depth: number): string => {
    if (depth === 0 || random() < 0.3) return leaf();
    const r = random();
    if (r < 0.12) return `not (${query(depth - 1)})`;
    return `(${query(depth - 1)}) ${r < 0.7 ? "and" : "or"} (${query(depth - 1)})`;
  };
  const contexts = [undefined, "natural", "spectral", ["natural", "spectral"], "mass-energy", "temperature-energy"];

  it("holds for 300 random queries, contexts and dimension filters", () => {
    let matched = 0;
    let typeErrors = 0;
    let narrowed = 0;
    for (let i = 0; i < 300; i++) {
      const text = query(3);
      const parsedQuery = parsed(text);
      const filter = random() < 0.3 ? parseDimensionFilter(pick<DimensionFilter>([{ x: "energy" }, { "params.L": ["length", "1/GeV"] }, { x: ["length", "J"] }])) : undefined;
      const options: QueryOptions = {
        context: pick(contexts) as QueryOptions["context"],
        dimensionFilter: filter?._tag === "Right" ? filter.right.requirements : undefined,
      };
      const groups = groupsOver(runs, parsedQuery, options);
      const pushed = planPushdown(parsedQuery, groups, ALL, options);
      const results = runs.map((run) => evaluateQuery(parsedQuery, run, options));
      for (const [index, result] of results.entries()) {
        if (result._tag === "Left") {
          expect(result.left._tag, text).toBe("QueryTypeError");
          continue;
        }
        if (!result.right) continue;
        matched++;
        const run = runs[index] as RunRecord;
        if (pushed !== undefined && !matchesRawFilter(run, pushed)) {
          throw new Error(`${run.info.id} matches ${text} (${JSON.stringify(options.context)}) but not its pushdown ${JSON.stringify(pushed)}`);
        }
      }
      if (pushed !== undefined && runs.some((r) => !matchesRawFilter(r, pushed))) narrowed++;
      if (checkUnitGroups(parsedQuery, groups, options)._tag === "Left") {
        typeErrors++;
        expect(results.some((r) => r._tag === "Left"), text).toBe(true);
      }
    }
    // the property is not vacuous
    expect(matched).toBeGreaterThan(2000);
    expect(narrowed).toBeGreaterThan(100);
    expect(typeErrors).toBeGreaterThan(50);
  });
});
