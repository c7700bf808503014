import { describe, expect, it } from "vitest";
import { q } from "@dimexp/units";
import type { BackendCapabilities, RawFilter, RawPredicate } from "../src/backend.js";
import { matchesRawFilter } from "../src/internal/raw-filter.js";
import type { RunRecord, RunStatus } from "../src/model.js";
import type { Query } from "../src/query/ast.js";
import {
  type UnitGroup,
  type UnitGroupsOf,
  checkUnitGroups,
  evaluateQuery,
  planPushdown,
  unitGroupsFromTags,
  unitTagKeys,
} from "../src/query/index.js";
import { TAG, encodeMetricUnit, encodeParam } from "../src/unit-codec.js";
import { dimexpRun, dimtensorRun, parsed, plainRun, u } from "./query-fixtures.js";

const capabilities = (pushdown: Partial<BackendCapabilities["pushdown"]> = {}): BackendCapabilities => ({
  arrays: false,
  pushdown: { or: true, numericParams: true, like: true, ...pushdown },
});
const ALL = capabilities();

// ------------------------------------------------------------ reference store

const likeRegExp = (pattern: string, caseInsensitive: boolean): RegExp =>
  new RegExp(
    `^${[...pattern].map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    caseInsensitive ? "is" : "s",
  );

const attribute = (run: RunRecord, key: string): string | number | undefined =>
  ({ status: run.info.status, name: run.info.name, run_id: run.info.id, start_time: run.info.startTime, end_time: run.info.endTime })[key];

/** What backend.ts promises of a RawPredicate, written from its doc comment alone. */
const referencePredicate = (run: RunRecord, p: RawPredicate): boolean => {
  const actual =
    p.source === "metrics" ? run.metrics[p.key]?.value : p.source === "params" ? run.params[p.key] : p.source === "tags" ? run.tags[p.key] : attribute(run, p.key);
  if (p.op === "exists") return actual !== undefined;
  if (actual === undefined) return false;
  if (p.op === "in") return (p.value as readonly string[]).includes(String(actual));
  if (p.op === "like" || p.op === "ilike") return likeRegExp(p.value as string, p.op === "ilike").test(String(actual));
  const numeric = typeof p.value === "number";
  if (numeric && typeof actual === "string" && actual.trim() === "") return false;
  const a = numeric ? Number(actual) : String(actual);
  const b = p.value as number | string;
  return p.op === "=" ? a === b : p.op === "!=" ? a !== b : p.op === "<" ? a < b : p.op === "<=" ? a <= b : p.op === ">" ? a > b : a >= b;
};

const referenceFilter = (run: RunRecord, filter: RawFilter | undefined): boolean =>
  filter === undefined || filter.some((conjunction) => conjunction.every((p) => referencePredicate(run, p)));

/** What backend.distinctTagValues would answer for `keys` over `runs`. */
const groupsOver = (runs: readonly RunRecord[], query: Query): UnitGroupsOf => {
  const distinct: Record<string, string[]> = {};
  for (const key of unitTagKeys(query)) {
    distinct[key] = [...new Set(runs.map((r) => r.tags[key]).filter((v): v is string => v !== undefined))];
  }
  return unitGroupsFromTags(distinct);
};

const metricTag = (name: string, unit: string | undefined): string =>
  (encodeMetricUnit(name, unit === undefined ? undefined : u(unit)).find((t) => t.key === TAG.metric(name)) as { value: string }).value;

const dimexpGroups =
  (units: Record<string, Array<string | undefined>>): UnitGroupsOf =>
  (source, key) =>
    (units[`${source}.${key}`] ?? []).map(
      (unit): UnitGroup =>
        source === "metrics"
          ? { tagKey: TAG.metric(key), tagValue: metricTag(key, unit), unit: unit === undefined ? undefined : u(unit) }
          : {
              tagKey: TAG.param(key),
              tagValue: (encodeParam(key, unit === undefined ? 1 : q(1, unit)).tags.find((t) => t.key === TAG.param(key)) as { value: string }).value,
              unit: unit === undefined ? undefined : u(unit),
            },
    );

const NO_GROUPS: UnitGroupsOf = () => [];

const plan = (text: string, groups: UnitGroupsOf = NO_GROUPS, caps = ALL) => planPushdown(parsed(text), groups, caps);

// ------------------------------------------------------------------- plans

describe("planPushdown: what it pushes", () => {
  it("splits a quantity comparison into one conjunction per unit group, the threshold converted exactly", () => {
    const groups = dimexpGroups({ "metrics.force": ["N", "dyn"] });
    expect(plan("metrics.force > 10 N", groups)).toEqual([
      [
        { source: "tags", key: "dimexp.metric.force", op: "=", value: metricTag("force", "N") },
        { source: "metrics", key: "force", op: ">", value: 10 },
      ],
      [
        { source: "tags", key: "dimexp.metric.force", op: "=", value: metricTag("force", "dyn") },
        { source: "metrics", key: "force", op: ">", value: 1e6 },
      ],
    ]);
    expect(metricTag("force", "N")).toBe('{"unit":"N","dimension":["1","1","-2","0","0","0","0"]}');
    // erg → J: the literal moves into each group's unit
    const energy = dimexpGroups({ "metrics.loss": ["J", "erg"] });
    expect(plan("metrics.loss <= 1 J", energy)).toEqual([
      [{ source: "tags", key: "dimexp.metric.loss", op: "=", value: metricTag("loss", "J") }, { source: "metrics", key: "loss", op: "<=", value: 1 }],
      [{ source: "tags", key: "dimexp.metric.loss", op: "=", value: metricTag("loss", "erg") }, { source: "metrics", key: "loss", op: "<=", value: 1e7 }],
    ]);
  });

  it("merges groups with the same threshold into one `in` selector", () => {
    const groups: UnitGroupsOf = (_source, key) => [
      { tagKey: TAG.metric(key), tagValue: metricTag(key, "N") },
      { tagKey: TAG.metric(key), tagValue: '{"unit":"kg*m/s^2","dimension":["1","1","-2","0","0","0","0"]}' },
    ];
    expect(plan("metrics.force = 2 N", groups)).toEqual([
      [
        { source: "tags", key: "dimexp.metric.force", op: "in", value: [metricTag("force", "N"), '{"unit":"kg*m/s^2","dimension":["1","1","-2","0","0","0","0"]}'] },
        { source: "metrics", key: "force", op: "=", value: 2 },
      ],
    ]);
  });

  it("leaves out groups of another dimension, and checkUnitGroups reports them", () => {
    const groups = dimexpGroups({ "metrics.force": ["N", "J"] });
    const query = parsed("metrics.force > 10 N");
    expect(planPushdown(query, groups, ALL)).toEqual([
      [{ source: "tags", key: "dimexp.metric.force", op: "=", value: metricTag("force", "N") }, { source: "metrics", key: "force", op: ">", value: 10 }],
    ]);
    const checked = checkUnitGroups(query, groups);
    expect(checked._tag).toBe("Left");
    if (checked._tag === "Left") {
      expect(checked.left._tag).toBe("QueryTypeError");
      expect(checked.left.position).toBe(16);
      expect(checked.left.problem).toContain("metrics.force is logged in J [energy");
    }
    expect(checkUnitGroups(parsed("metrics.force > 10 N"), dimexpGroups({ "metrics.force": ["N", "dyn"] }))._tag).toBe("Right");
    // a unitless group cannot take a dimensional quantity; a bare number cannot take a unit group
    expect(checkUnitGroups(parsed("metrics.force > 10 N"), dimexpGroups({ "metrics.force": [undefined] }))._tag).toBe("Left");
    expect(checkUnitGroups(parsed("metrics.force > 10"), dimexpGroups({ "metrics.force": ["N"] }))._tag).toBe("Left");
    expect(checkUnitGroups(parsed("not (params.L in (1 m, 2 s))"), dimexpGroups({ "params.L": ["cm"] }))._tag).toBe("Left");
    // only groups that cannot match: none when every group is incompatible
    expect(planPushdown(query, dimexpGroups({ "metrics.force": ["J"] }), ALL)).toEqual([]);
  });

  it("pushes a bare number unconditioned (it can only match unitless values)", () => {
    expect(plan("metrics.loss < 0.5", dimexpGroups({ "metrics.loss": [undefined, "J"] }))).toEqual([[{ source: "metrics", key: "loss", op: "<", value: 0.5 }]]);
    expect(plan("metrics.loss < 0.5")).toEqual([[{ source: "metrics", key: "loss", op: "<", value: 0.5 }]]);
  });

  it("covers runs without unit tags for a dimensionless quantity, and fetches runs with the metric when no run has a unit", () => {
    expect(plan("metrics.acc > 50 %")).toEqual([[{ source: "metrics", key: "acc", op: ">", value: 0.5 }]]);
    expect(plan("metrics.force > 10 N")).toEqual([[{ source: "metrics", key: "force", op: "exists", value: undefined }]]);
    expect(plan("params.L > 10 m")).toBeUndefined();
  });

  it("ANDs as a cross product, ORs as a union, dropping impossible and implied conjunctions", () => {
    const groups = dimexpGroups({ "metrics.force": ["N", "dyn"] });
    const both = plan("metrics.force > 1 N and metrics.force < 2 N", groups);
    // (N ∧ N) and (dyn ∧ dyn) survive; N ∧ dyn cannot hold
    expect(both).toHaveLength(2);
    expect(both?.[0]).toHaveLength(3);
    const either = plan("tags.solver = 'fd' or tags.solver = 'fem' or tags.solver = 'fd'");
    expect(either).toEqual([[{ source: "tags", key: "solver", op: "=", value: "fd" }], [{ source: "tags", key: "solver", op: "=", value: "fem" }]]);
    const implied = plan("tags.solver = 'fd' or (tags.solver = 'fd' and metrics.loss < 1)");
    expect(implied).toEqual([[{ source: "tags", key: "solver", op: "=", value: "fd" }]]);
    expect(plan("tags.a = 'x' and (tags.b = 'y' or tags.c = 'z')")).toEqual([
      [
        { source: "tags", key: "a", op: "=", value: "x" },
        { source: "tags", key: "b", op: "=", value: "y" },
      ],
      [
        { source: "tags", key: "a", op: "=", value: "x" },
        { source: "tags", key: "c", op: "=", value: "z" },
      ],
    ]);
  });

  it("returns the OR of ANDs whatever capabilities.pushdown.or says (a backend without OR runs one query per conjunction)", () => {
    const text = "tags.solver = 'fd' or tags.solver = 'fem'";
    expect(plan(text, NO_GROUPS, capabilities({ or: false }))).toEqual(plan(text, NO_GROUPS, capabilities({ or: true })));
  });

  it("pushes less beyond the conjunction cap, never more", () => {
    const many = Array.from({ length: 10 }, (_, i) => `tags.a = 'v${i}'`).join(" or ");
    const query = parsed(`(${many}) and (${many.replaceAll("tags.a", "tags.b")})`);
    const full = planPushdown(query, NO_GROUPS, ALL, { maxConjunctions: 100 });
    expect(full).toHaveLength(100);
    const capped = planPushdown(query, NO_GROUPS, ALL, { maxConjunctions: 64 });
    expect(capped).toHaveLength(10);
    expect(planPushdown(parsed(many), NO_GROUPS, ALL, { maxConjunctions: 5 })).toBeUndefined();
  });

  it("follows the backend's capabilities", () => {
    const groups = dimexpGroups({ "params.L": ["m", "cm"] });
    expect(plan("params.L > 1 m", groups, capabilities({ numericParams: false }))).toBeUndefined();
    expect(plan("params.lr < 0.1", NO_GROUPS, capabilities({ numericParams: false }))).toBeUndefined();
    // strings compare as strings everywhere
    expect(plan("params.solver = 'fd'", NO_GROUPS, capabilities({ numericParams: false }))).toEqual([[{ source: "params", key: "solver", op: "=", value: "fd" }]]);
    expect(plan("tags.name like 'run-%'", NO_GROUPS, capabilities({ like: false }))).toBeUndefined();
    expect(plan("tags.name like 'run-%'")).toEqual([[{ source: "tags", key: "name", op: "like", value: "run-%" }]]);
    expect(plan("attributes.name ilike 'RUN-%'")).toEqual([[{ source: "attributes", key: "name", op: "ilike", value: "RUN-%" }]]);
    // with numericParams, params get the unit-group treatment and Python's "inf"
    expect(plan("params.L > 1 m", groups)).toEqual([
      [{ source: "params", key: "L", op: "in", value: ["inf"] }],
      [{ source: "tags", key: "dimexp.param.L", op: "=", value: expect.stringContaining('"unit":"m"') }, { source: "params", key: "L", op: ">", value: 1 }],
      [{ source: "tags", key: "dimexp.param.L", op: "=", value: expect.stringContaining('"unit":"cm"') }, { source: "params", key: "L", op: ">", value: 100 }],
    ]);
  });

  it("leaves negations, dimension() !=, has() of params and tags, numeric != and times to the evaluation", () => {
    for (const text of [
      "not tags.a = 'x'",
      "dimension(metrics.loss) != energy",
      "dimension(metrics.loss) = dimensionless",
      "has(params.x)",
      "has(tags.x)",
      "metrics.loss != 1",
      "params.s not in ('a')",
      "tags.s not like 'a%'",
      "attributes.start_time > 0",
      "params.flag != true",
      "tags.a like 'x\\%'",
      "tags.a = 'x' or not tags.b = 'y'",
    ]) {
      expect(plan(text), text).toBeUndefined();
    }
    expect(plan("")).toBeUndefined();
    expect(plan("has(metrics.force)")).toEqual([[{ source: "metrics", key: "force", op: "exists", value: undefined }]]);
    expect(plan("tags.a = 'x' and not tags.b = 'y'")).toEqual([[{ source: "tags", key: "a", op: "=", value: "x" }]]);
  });

  it("pushes attributes.status and name, in upper-case status", () => {
    expect(plan("attributes.status = 'finished'")).toEqual([[{ source: "attributes", key: "status", op: "=", value: "FINISHED" }]]);
    expect(plan("attributes.status in ('finished', 'FAILED')")).toEqual([[{ source: "attributes", key: "status", op: "in", value: ["FINISHED", "FAILED"] }]]);
    expect(plan("attributes.run_name != 'x'")).toEqual([[{ source: "attributes", key: "name", op: "!=", value: "x" }]]);
    expect(plan("params.flag = true")).toEqual([[{ source: "params", key: "flag", op: "in", value: ["true", "True", "TRUE"] }]]);
  });

  it("asks for the dimexp and dimtensor tags of every compared field, and builds groups from them", () => {
    const query = parsed("metrics.force > 1 N and params.L < 1 m and metrics.u_mean < 2 V and tags.x = 'a' and has(metrics.y)");
    expect(unitTagKeys(query)).toEqual([
      "dimexp.metric.force",
      "unit.force",
      "dimexp.param.L",
      "unit.L",
      "dimexp.metric.u_mean",
      "unit.u_mean",
      "unit.u",
    ]);
    const groups = unitGroupsFromTags({ "dimexp.metric.force": [metricTag("force", "dyn")], "unit.force": ["N", "kg·m/s²"] })("metrics", "force");
    expect(groups.map((g) => [g.tagKey, g.tagValue])).toEqual([
      ["dimexp.metric.force", metricTag("force", "dyn")],
      ["unit.force", "N"],
      ["unit.force", "kg·m/s²"],
    ]);
    expect(groups.every((g) => g.unit?.dimension.equals(u("N").dimension))).toBe(true);
  });

  it("covers runs written by dimtensor alone through their unit.<name> groups", () => {
    const runs = [
      dimexpRun({ metrics: { force: [20, "N"] } }),
      dimtensorRun({ metrics: { force: [3e6, "dyn"] } }),
      dimtensorRun({ metrics: { force: [5, "N"] } }),
      plainRun({ metrics: { force: [50] } }),
    ];
    const query = parsed("metrics.force > 10 N");
    const filter = planPushdown(query, groupsOver(runs, query), ALL);
    expect(filter).toBeDefined();
    const kept = runs.filter((r) => referenceFilter(r, filter));
    expect(kept).toEqual([runs[0], runs[1]]);
  });
});

// ------------------------------------------------------------- the property

/** A small deterministic PRNG (mulberry32): the same runs and queries on every machine. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Random = ReturnType<typeof prng>;
const pick = <A>(random: Random, items: readonly A[]): A => items[Math.floor(random() * items.length)] as A;
const chance = (random: Random, p: number): boolean => random() < p;

const MANTISSAS = [1, 2, 2.5, 5, 10, 12, 50, 100];
const value = (random: Random): number => pick(random, MANTISSAS) * 10 ** (Math.floor(random() * 10) - 2);

const ENERGY = ["J", "erg", "eV", "kJ", "MeV"];
const FORCE = ["N", "dyn", "kN", "mN"];
const LENGTH = ["m", "cm", "mm", "km", "in"];
const TEMPERATURE = ["K", "degC", "degF"];
const SOLVERS = ["fd", "fem", "fv", "spectral"];
const TEAMS = ["plasma", "fluids", "Plasma-2", "optics"];
const STATUSES: RunStatus[] = ["RUNNING", "FINISHED", "FAILED", "KILLED"];

const randomRun = (random: Random, i: number): RunRecord => {
  const kind = random();
  const writer = kind < 0.6 ? "dimexp" : kind < 0.85 ? "dimtensor" : "plain";
  const params: Record<string, number | string | boolean | readonly [number, string]> = {};
  const metrics: Record<string, readonly [number, string?]> = {};
  const tags: Record<string, string> = {};
  const unitOf = (units: string[]): string => (chance(random, 0.03) ? pick(random, ["s", "kg"]) : pick(random, units)); // rarely a wrong dimension
  if (chance(random, 0.8)) metrics.energy = [chance(random, 0.05) ? Number.NaN : value(random), writer === "plain" ? undefined : unitOf(ENERGY)];
  if (chance(random, 0.7)) metrics.force = [value(random), writer === "plain" ? undefined : unitOf(FORCE)];
  if (chance(random, 0.6)) metrics.acc = [random(), writer !== "plain" && chance(random, 0.1) ? "%" : undefined];
  if (writer !== "plain" && chance(random, 0.8)) params.length = [value(random), unitOf(LENGTH)];
  if (writer !== "plain" && chance(random, 0.5)) params.temp = [Math.round(random() * 400), pick(random, TEMPERATURE)];
  if (chance(random, 0.7)) params.lr = writer === "plain" && chance(random, 0.2) ? pick(random, ["inf", "-inf", "nan", "1e-3", " 0.5"]) : value(random) / 1000;
  if (chance(random, 0.8)) params.solver = pick(random, SOLVERS);
  if (chance(random, 0.5)) params.flag = chance(random, 0.5);
  if (chance(random, 0.7)) tags.team = pick(random, TEAMS);
  const spec = { id: `r${i}`, name: `run-${i}`, status: pick(random, STATUSES), startTime: 1_700_000_000_000 + i * 1000, params, metrics, tags };
  return writer === "dimexp" ? dimexpRun(spec) : writer === "dimtensor" ? dimtensorRun(spec) : plainRun(spec);
};

const OPS = ["=", "!=", "<", "<=", ">", ">="];

const randomLeaf = (random: Random): string => {
  const op = pick(random, OPS);
  const r = random();
  if (r < 0.14) return `metrics.energy ${op} ${value(random)} ${pick(random, ENERGY)}`;
  if (r < 0.24) return `metrics.force ${op} ${value(random)} ${pick(random, FORCE)}`;
  if (r < 0.28) return `metrics.acc ${op} ${chance(random, 0.5) ? `${Math.round(random() * 100)} %` : random().toFixed(2)}`;
  if (r < 0.38) return `params.length ${op} ${value(random)} ${pick(random, LENGTH)}`;
  if (r < 0.43) return `params.temp ${op} ${Math.round(random() * 400)} ${pick(random, TEMPERATURE)}`;
  if (r < 0.5) return `params.lr ${op} ${value(random) / 1000}`;
  if (r < 0.53) return `params.lr in (${value(random) / 1000}, ${value(random) / 1000}, 1e-3)`;
  if (r < 0.56) return `metrics.energy in (${value(random)} J, ${value(random)} erg)`;
  if (r < 0.6) return `params.solver ${op} '${pick(random, SOLVERS)}'`;
  if (r < 0.63) return `params.solver ${pick(random, ["in", "not in"])} ('${pick(random, SOLVERS)}', '${pick(random, SOLVERS)}')`;
  if (r < 0.66) return `params.solver ${pick(random, ["like", "ilike", "not like"])} '${pick(random, ["f%", "%e%", "_d", "FD", "%"])}'`;
  if (r < 0.69) return `params.flag ${pick(random, ["=", "!="])} ${pick(random, ["true", "false"])}`;
  if (r < 0.74) return `tags.team ${op} '${pick(random, TEAMS)}'`;
  if (r < 0.78) return `tags.team ${pick(random, ["like", "ilike"])} '${pick(random, ["pl%", "%a%", "PLASMA%", "optic_"])}'`;
  if (r < 0.8) return `tags.team in ('${pick(random, TEAMS)}', '${pick(random, TEAMS)}')`;
  if (r < 0.84) return `attributes.status ${pick(random, ["=", "!="])} '${pick(random, STATUSES).toLowerCase()}'`;
  if (r < 0.86) return `attributes.name like 'run-1%'`;
  if (r < 0.88) return `attributes.start_time > ${1_700_000_000_000 + Math.floor(random() * 200) * 1000}`;
  if (r < 0.93) return `has(${pick(random, ["metrics.energy", "metrics.force", "params.length", "tags.team"])})`;
  if (r < 0.96) return `dimension(metrics.${pick(random, ["energy", "force", "acc"])}) ${pick(random, ["=", "!="])} ${pick(random, ["energy", "force", "dimensionless"])}`;
  return `metrics.force ${op} ${value(random)}`;
};

const randomQuery = (random: Random, depth: number): string => {
  if (depth === 0 || chance(random, 0.35)) return randomLeaf(random);
  const r = random();
  if (r < 0.15) return `not (${randomQuery(random, depth - 1)})`;
  return `(${randomQuery(random, depth - 1)}) ${r < 0.6 ? "and" : "or"} (${randomQuery(random, depth - 1)})`;
};

describe("planPushdown: the pushed filter is a superset of the query's matches", () => {
  const random = prng(20240501);
  const runs = Array.from({ length: 200 }, (_, i) => randomRun(random, i));

  it("holds for 600 random queries over 200 runs logged by dimexp, dimtensor and plain MLflow", () => {
    let pushed = 0;
    let matched = 0;
    let typeErrors = 0;
    let narrowed = 0;
    for (let i = 0; i < 600; i++) {
      const text = randomQuery(random, 3);
      const query = parsed(text);
      const groups = groupsOver(runs, query);
      const caps = capabilities({ or: chance(random, 0.5), numericParams: chance(random, 0.7), like: chance(random, 0.7) });
      const maxConjunctions = pick(random, [64, 64, 8, 2]);
      const filter = planPushdown(query, groups, caps, { maxConjunctions });
      if (filter !== undefined) {
        pushed++;
        expect(filter.length, text).toBeLessThanOrEqual(maxConjunctions);
      }
      const results = runs.map((run) => evaluateQuery(query, run));
      for (const [index, result] of results.entries()) {
        const run = runs[index] as RunRecord;
        if (result._tag === "Left") {
          expect(result.left._tag, text).toBe("QueryTypeError");
          continue;
        }
        if (!result.right) continue;
        matched++;
        if (!referenceFilter(run, filter) || !matchesRawFilter(run, filter)) {
          throw new Error(`run ${run.info.id} matches ${JSON.stringify(text)} but not its pushdown ${JSON.stringify(filter)}\n${JSON.stringify(run)}`);
        }
      }
      if (filter !== undefined && runs.some((r) => !referenceFilter(r, filter))) narrowed++;
      // what checkUnitGroups reports, evaluation meets on some run
      if (checkUnitGroups(query, groups)._tag === "Left") {
        typeErrors++;
        expect(results.some((r) => r._tag === "Left"), text).toBe(true);
      }
    }
    // the property is not vacuous
    expect(matched).toBeGreaterThan(2000);
    expect(pushed).toBeGreaterThan(200);
    expect(narrowed).toBeGreaterThan(150);
    expect(typeErrors).toBeGreaterThan(10);
  });

  it("narrows every simple comparison without losing a match", () => {
    const leaves = [
      "metrics.energy > 1 kJ",
      "metrics.energy <= 5e13 eV",
      "metrics.energy >= 10 J",
      "metrics.force >= 2.5 N",
      "metrics.force < 1e4 dyn",
      "params.length < 12 cm",
      "params.length >= 1 m",
      "params.temp > 20 degC",
      "params.lr < 0.001",
      "metrics.acc > 50 %",
      "tags.team = 'plasma'",
      "params.solver in ('fd', 'fv')",
      "attributes.status = 'finished'",
      "tags.team ilike 'PLASMA%'",
    ];
    for (const text of leaves) {
      const query = parsed(text);
      const filter = planPushdown(query, groupsOver(runs, query), ALL);
      expect(filter, text).toBeDefined();
      const kept = runs.filter((r) => referenceFilter(r, filter));
      const matching = runs.filter((r) => {
        const result = evaluateQuery(query, r);
        return result._tag === "Right" && result.right;
      });
      expect(matching.length, text).toBeGreaterThan(0);
      expect(kept.length, text).toBeLessThan(runs.length);
      for (const run of matching) expect(kept, `${text}: ${run.info.id}`).toContain(run);
    }
  });
});
