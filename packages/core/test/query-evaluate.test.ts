import { describe, expect, it } from "vitest";
import { lookupDimension, q } from "@dimexp/units";
import type { QueryTypeError } from "../src/errors.js";
import type { RunRecord } from "../src/model.js";
import type { Query } from "../src/query/ast.js";
import { evaluateQuery } from "../src/query/index.js";
import { dimexpRun, dimtensorRun, parsed, plainRun, u } from "./query-fixtures.js";

const matches = (text: string, run: RunRecord): boolean => {
  const result = evaluateQuery(parsed(text), run);
  if (result._tag === "Left") throw new Error(`${text}: ${result.left.message}`);
  return result.right;
};

const typeError = (text: string, run: RunRecord): QueryTypeError => {
  const result = evaluateQuery(parsed(text), run);
  if (result._tag === "Right") throw new Error(`expected ${JSON.stringify(text)} to be a type error, got ${result.right}`);
  expect(result.left._tag).toBe("QueryTypeError");
  return result.left as QueryTypeError;
};

describe("evaluateQuery: units", () => {
  it("compares across units exactly: params.domain_length >= 50 cm", () => {
    const text = "params.domain_length >= 50 cm";
    expect(matches(text, dimexpRun({ params: { domain_length: [1, "m"] } }))).toBe(true);
    expect(matches(text, dimexpRun({ params: { domain_length: [100, "cm"] } }))).toBe(true);
    expect(matches(text, dimexpRun({ params: { domain_length: [50, "cm"] } }))).toBe(true);
    expect(matches(text, dimexpRun({ params: { domain_length: [0.5, "m"] } }))).toBe(true);
    expect(matches(text, dimexpRun({ params: { domain_length: [500, "mm"] } }))).toBe(true);
    expect(matches(text, dimexpRun({ params: { domain_length: [49, "cm"] } }))).toBe(false);
    expect(matches(text, dimexpRun({ params: { domain_length: [0.49, "m"] } }))).toBe(false);
    expect(matches("params.domain_length > 50 cm", dimexpRun({ params: { domain_length: [0.5, "m"] } }))).toBe(false);
    expect(matches("params.domain_length = 50 cm", dimexpRun({ params: { domain_length: [0.5, "m"] } }))).toBe(true);
    expect(matches("params.domain_length = 1 m", dimexpRun({ params: { domain_length: [100, "cm"] } }))).toBe(true);
  });

  it("compares a metric logged in erg with a literal in J, at the boundary", () => {
    const run = dimexpRun({ metrics: { loss: [1e7, "erg"] } });
    expect(matches("metrics.loss >= 1 J", run)).toBe(true);
    expect(matches("metrics.loss = 1 J", run)).toBe(true);
    expect(matches("metrics.loss <= 1 J", run)).toBe(true);
    expect(matches("metrics.loss > 1 J", run)).toBe(false);
    expect(matches("metrics.loss < 1 J", run)).toBe(false);
    expect(matches("metrics.loss != 1 J", run)).toBe(false);
    expect(matches("metrics.loss > 0.999 J", run)).toBe(true);
    expect(matches("metrics.loss < 1.001 J", run)).toBe(true);
    expect(matches("metrics.loss > 6.2e18 eV", run)).toBe(true);
    expect(matches("metrics.loss < 6.3e18 eV", run)).toBe(true);
    expect(matches("metrics.loss in (2 J, 1 J)", run)).toBe(true);
    expect(matches("metrics.loss not in (2 J, 3 J)", run)).toBe(true);
  });

  it("converts affine temperatures with their offsets", () => {
    const kelvin = dimexpRun({ params: { T: [300, "K"] } });
    expect(matches("params.T > 20 degC", kelvin)).toBe(true);
    expect(matches("params.T < 30 degC", kelvin)).toBe(true); // 300 K = 26.85 °C
    expect(matches("params.T < 26 degC", kelvin)).toBe(false);
    const celsius = dimexpRun({ params: { T: [25, "degC"] } });
    expect(matches("params.T > 298 K", celsius)).toBe(true); // 298.15 K
    expect(matches("params.T < 298.2 K", celsius)).toBe(true);
    expect(matches("params.T > 77 degF", celsius)).toBe(false); // 25 °C = 77 °F
    expect(matches("params.T >= 76.9 degF", celsius)).toBe(true);
  });

  it("makes comparing incompatible dimensions a QueryTypeError, not false", () => {
    const run = dimexpRun({ id: "r42", metrics: { force: [3, "J"] } });
    const text = "metrics.force > 10 N";
    const error = typeError(text, run);
    expect(error.position).toBe(text.indexOf("10 N"));
    expect(error.problem).toContain("metrics.force");
    expect(error.problem).toContain("J [energy");
    expect(error.problem).toContain("run r42");
    expect(error.problem).toContain("10 N is [force");
    expect(error.message).toContain("^");
    // even when another branch would decide the answer, and whatever the order
    typeError("has(metrics.force) or metrics.force > 10 N", run);
    typeError("metrics.force > 10 N or has(metrics.force)", run);
    typeError("metrics.missing > 1 and metrics.force > 10 N", run);
    typeError("not (metrics.force > 10 N)", run);
    typeError("metrics.force in (1 J, 10 N)", run);
  });

  it("names the context that relates two dimensions, and still refuses to cross them without it", () => {
    const run = dimexpRun({ params: { length: [2, "m"] } });
    const error = typeError("params.length < 0.5 GeV^-1", run);
    expect(error.problem).toContain('"natural"');
    expect(error.problem).toContain("cannot be compared without a context");
    expect(error.problem).toContain('--context natural on the command line, { context: "natural" } in listRuns');
  });

  it("refuses a quantity against a value logged without a unit, unless the quantity is dimensionless", () => {
    const unitless = dimexpRun({ metrics: { acc: [0.5] } });
    const error = typeError("metrics.acc > 10 J", unitless);
    expect(error.problem).toContain("without a unit");
    expect(matches("metrics.acc > 40 %", unitless)).toBe(true);
    expect(matches("metrics.acc < 60 %", unitless)).toBe(true);
    expect(matches("metrics.acc > 0.4", unitless)).toBe(true);
    // params logged as plain numbers
    const number = dimexpRun({ params: { lr: 0.01 } });
    expect(typeError("params.lr < 1 m", number).problem).toContain("params.lr was logged without a unit");
    expect(matches("params.lr < 0.1", number)).toBe(true);
  });

  it("refuses a bare number against a value with a unit: write the unit", () => {
    const run = dimexpRun({ metrics: { loss: [3, "J"] } });
    const error = typeError("metrics.loss > 10", run);
    expect(error.problem).toContain("write the unit, as in metrics.loss > 10 J");
    expect(error.position).toBe("metrics.loss > ".length);
    // but a plain dimensionless unit reads a bare number as itself
    expect(matches("metrics.angle < 2", dimexpRun({ metrics: { angle: [1.5, "rad"] } }))).toBe(true);
    expect(matches("metrics.ratio < 2", dimexpRun({ metrics: { ratio: [1.5, "1"] } }))).toBe(true);
    // and % (scale 0.01) is ambiguous: 90 meaning 90 % or 0.9?
    typeError("metrics.acc > 90", dimexpRun({ metrics: { acc: [95, "%"] } }));
    expect(matches("metrics.acc > 90 %", dimexpRun({ metrics: { acc: [95, "%"] } }))).toBe(true);
    expect(matches("metrics.acc > 0.9 dimensionless", dimexpRun({ metrics: { acc: [95, "%"] } }))).toBe(true);
  });

  it("reads runs written by Python dimtensor alone (unit.<name> tags only)", () => {
    const run = dimtensorRun({
      params: { length: [50, "cm"], steps: 100, solver: "fd" },
      metrics: { force: [2e5, "dyn"], energy: [3, "kg*m^2/s^2"] },
    });
    expect(Object.keys(run.tags).every((k) => k.startsWith("unit."))).toBe(true);
    expect(run.tags["unit.energy"]).toBe("kg·m²/s²");
    expect(matches("params.length = 0.5 m", run)).toBe(true);
    expect(matches("params.length > 0.6 m", run)).toBe(false);
    expect(matches("metrics.force = 2 N", run)).toBe(true);
    expect(matches("metrics.energy = 3 J and metrics.energy > 1e7 erg", run)).toBe(true);
    expect(matches("params.steps >= 100 and params.solver = 'fd'", run)).toBe(true);
    expect(matches("dimension(metrics.force) = force and dimension(params.steps) = dimensionless", run)).toBe(true);
    typeError("metrics.force > 1 J", run);
  });

  it("treats a unit label it cannot read as unknown: no match, no error", () => {
    const run = plainRun({ metrics: { x: [5] }, tags: { "dimexp.metric.x": '{"unit":"furlongz","dimension":[]}' } });
    expect(matches("metrics.x > 1 m", run)).toBe(false);
    expect(matches("metrics.x < 1 m", run)).toBe(false);
    expect(matches("metrics.x > 1", run)).toBe(false);
    expect(matches("dimension(metrics.x) = length", run)).toBe(false);
    expect(matches("dimension(metrics.x) != length", run)).toBe(false);
    const dimtensor = dimtensorRun({ metrics: { y: [5] }, tags: { "unit.y": "zorkmid" } });
    expect(matches("metrics.y > 1 m", dimtensor)).toBe(false);
  });
});

describe("evaluateQuery: values, missing fields and logic", () => {
  const run = dimexpRun({
    id: "abc123",
    name: "sweep-07",
    status: "FINISHED",
    startTime: Date.parse("2024-05-01T12:00:00Z"),
    params: { solver: "fd", lr: 0.01, flag: true, off: false, L: [1, "m"] },
    metrics: { loss: [0.25], force: [12, "N"], nan: [Number.NaN] },
    tags: { team: "plasma", note: "50% done", "mlflow.user": "ada" },
  });

  it("compares every operator on metrics (the latest value)", () => {
    expect(matches("metrics.loss = 0.25", run)).toBe(true);
    expect(matches("metrics.loss != 0.25", run)).toBe(false);
    expect(matches("metrics.loss <> 0.5", run)).toBe(true);
    expect(matches("metrics.loss < 0.5", run)).toBe(true);
    expect(matches("metrics.loss <= 0.25", run)).toBe(true);
    expect(matches("metrics.loss > 0.25", run)).toBe(false);
    expect(matches("metrics.loss >= 0.25", run)).toBe(true);
    expect(matches("0.5 > metrics.loss", run)).toBe(true);
    expect(matches("metrics.force > 10 N", run)).toBe(true);
    expect(matches("metrics.force > 1e6 dyn", run)).toBe(true);
    expect(matches("metrics.force < 1.3e6 dyn", run)).toBe(true);
  });

  it("compares NaN false, except !=", () => {
    expect(matches("metrics.nan > 0", run)).toBe(false);
    expect(matches("metrics.nan < 0", run)).toBe(false);
    expect(matches("metrics.nan = 0", run)).toBe(false);
    expect(matches("metrics.nan != 0", run)).toBe(true);
    expect(matches("metrics.nan in (0, 1)", run)).toBe(false);
    expect(matches("has(metrics.nan)", run)).toBe(true);
  });

  it("makes a predicate on a missing field false, != and not in included; has() tests presence", () => {
    for (const text of [
      "metrics.missing > 0",
      "metrics.missing != 0",
      "metrics.missing not in (1, 2)",
      "params.missing != 'x'",
      "params.missing not like 'x%'",
      "tags.missing != 'x'",
      "tags.missing not in ('x')",
      "attributes.end_time > 0",
      "attributes.end_time != 0",
      "dimension(metrics.missing) != energy",
      // three-valued: not(unknown) is unknown
      "not (metrics.missing > 0)",
      "not (tags.missing = 'x')",
    ]) {
      expect(matches(text, run), text).toBe(false);
    }
    expect(matches("has(metrics.loss)", run)).toBe(true);
    expect(matches("has(metrics.missing)", run)).toBe(false);
    expect(matches("not has(metrics.missing)", run)).toBe(true);
    expect(matches("!has(params.missing) and has(params.solver) and has(tags.team)", run)).toBe(true);
    expect(matches("has(attributes.end_time)", run)).toBe(false);
    expect(matches("has(attributes.status)", run)).toBe(true);
    // unknown or true is true; unknown and false is false
    expect(matches("metrics.missing > 0 or metrics.loss < 1", run)).toBe(true);
    expect(matches("not (metrics.missing > 0 and metrics.loss > 1)", run)).toBe(true);
  });

  it("compares params: strings as strings, numbers and quantities numerically, booleans with true/false", () => {
    expect(matches("params.solver = 'fd'", run)).toBe(true);
    expect(matches("params.solver != 'fem'", run)).toBe(true);
    expect(matches("params.solver < 'g'", run)).toBe(true);
    expect(matches("params.solver in ('fem', 'fd')", run)).toBe(true);
    expect(matches("params.solver not in ('fem', 'fd')", run)).toBe(false);
    expect(matches("params.lr < 0.1 and params.lr >= 0.01 and params.lr = 1e-2", run)).toBe(true);
    expect(matches("params.lr in (0.1, 0.01)", run)).toBe(true);
    expect(matches("params.lr = '0.01'", run)).toBe(true); // the stored text
    expect(matches("params.flag = true and params.flag != false and params.off = false", run)).toBe(true);
    expect(matches("params.flag = false", run)).toBe(false);
    expect(matches("params.L = 100 cm and params.L in (1 m, 2 m)", run)).toBe(true);
    // a number against text that is no number: never equal
    expect(matches("params.solver = 3", run)).toBe(false);
    expect(matches("params.solver > 3", run)).toBe(false);
    expect(matches("params.solver != 3", run)).toBe(true);
  });

  it("reads params of plain MLflow runs (strings, no tags) as numbers when they are", () => {
    const plain = plainRun({ params: { lr: "0.01", steps: "1e3", opt: "adam", flag: "True", big: "inf" } });
    expect(matches("params.lr < 0.1", plain)).toBe(true);
    expect(matches("params.steps = 1000", plain)).toBe(true);
    expect(matches("params.big > 1e308", plain)).toBe(true);
    expect(matches("params.opt > 3", plain)).toBe(false);
    expect(matches("params.flag = true", plain)).toBe(true);
    expect(matches("params.lr < 50 %", plain)).toBe(true);
    expect(typeError("params.lr < 1 m", plain).problem).toContain("without a unit");
  });

  it("matches like and ilike with SQL wildcards", () => {
    expect(matches("tags.team like 'pla%'", run)).toBe(true);
    expect(matches("tags.team like 'PLA%'", run)).toBe(false);
    expect(matches("tags.team ilike 'PLA%'", run)).toBe(true);
    expect(matches("tags.team like 'plasm_'", run)).toBe(true);
    expect(matches("tags.team like 'plas_'", run)).toBe(false);
    expect(matches("tags.team like '%'", run)).toBe(true);
    expect(matches("tags.team not like 'x%'", run)).toBe(true);
    expect(matches("tags.team not ilike 'P%'", run)).toBe(false);
    expect(matches("tags.note like '50\\% done'", run)).toBe(true);
    expect(matches("tags.note like '50\\%'", run)).toBe(false);
    expect(matches("tags.team like 'p.*'", run)).toBe(false); // regex characters are literal
    expect(matches("params.solver like 'f%'", run)).toBe(true);
    expect(matches("tags.`mlflow.user` = 'ada'", run)).toBe(true);
  });

  it("compares run attributes", () => {
    expect(matches("attributes.status = 'FINISHED'", run)).toBe(true);
    expect(matches("attributes.status = 'finished'", run)).toBe(true);
    expect(matches("attributes.status != 'RUNNING'", run)).toBe(true);
    expect(matches("attributes.status in ('running', 'failed')", run)).toBe(false);
    expect(matches("attributes.name like 'sweep-%' and attributes.run_name = 'sweep-07'", run)).toBe(true);
    expect(matches("attributes.run_id = 'abc123'", run)).toBe(true);
    expect(matches("attributes.start_time >= '2024-05-01' and attributes.start_time < '2024-05-02'", run)).toBe(true);
    expect(matches(`attributes.start_time = ${Date.parse("2024-05-01T12:00:00Z")}`, run)).toBe(true);
    expect(matches("attributes.start_time > '2024-06-01'", run)).toBe(false);
  });

  it("tests dimension() against the field's unit; unitless numbers are dimensionless", () => {
    const erg = dimexpRun({ metrics: { loss: [1, "erg"], acc: [0.5] }, params: { solver: "fd", n: 3, L: [2, "cm"] } });
    expect(matches("dimension(metrics.loss) = energy", erg)).toBe(true);
    expect(matches("dimension(metrics.loss) = J", erg)).toBe(true);
    expect(matches("dimension(metrics.loss) = force", erg)).toBe(false);
    expect(matches("dimension(metrics.loss) != force", erg)).toBe(true);
    expect(matches("dimension(metrics.loss) in (power, energy)", erg)).toBe(true);
    expect(matches("dimension(metrics.loss) not in (power, energy)", erg)).toBe(false);
    expect(matches("dimension(metrics.acc) = dimensionless", erg)).toBe(true);
    expect(matches("dimension(params.n) = dimensionless and dimension(params.L) = length", erg)).toBe(true);
    // strings have no dimension: neither = nor != holds
    expect(matches("dimension(params.solver) = dimensionless", erg)).toBe(false);
    expect(matches("dimension(params.solver) != dimensionless", erg)).toBe(false);
  });

  it("evaluates the empty query as true, and checks hand-built queries once", () => {
    expect(evaluateQuery(parsed(""), run)).toEqual({ _tag: "Right", right: true });
    const handBuilt: Query = {
      text: "tags.team > 3 N",
      root: { kind: "compare", field: { source: "tags", key: "team", position: 0 }, op: ">", value: { kind: "quantity", value: 3, unit: u("N"), text: "3 N", position: 12 } },
    };
    const result = evaluateQuery(handBuilt, run);
    expect(result._tag).toBe("Left");
    if (result._tag === "Left") expect(result.left._tag).toBe("QueryTypeError");
    const energy = lookupDimension("energy");
    if (!energy) throw new Error("energy");
    const dimension: Query = {
      text: "",
      root: { kind: "dimension", field: { source: "metrics", key: "force", position: 0 }, dimension: energy, name: "energy", negated: true },
    };
    expect(evaluateQuery(dimension, run)).toEqual({ _tag: "Right", right: true });
  });

  it("uses the quantity of a Quantity param, whatever unit it was logged in", () => {
    const p = dimexpRun({ params: { E: q(2, "GeV") } });
    expect(matches("params.E > 3e-10 J", p)).toBe(true); // 2 GeV = 3.2e-10 J
    expect(matches("params.E < 3.3e-10 J", p)).toBe(true);
    expect(matches("params.E = 2000 MeV", p)).toBe(true);
  });
});
