import { type RunSeries, type CompareWarning, chooseCommonUnit, compareSeries, type RunComparison } from "../src/index.js";
import { formatUnit, q, unit } from "@dimexp/units";
import { describe, expect, test } from "vitest";

const ok = <A>(result: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

/** A run with one metric logged as `values` in `unitText` at steps 0, 1, … */
const run = (name: string, metric: string, values: number[], unitText: string | undefined, extra: Partial<RunSeries> = {}): RunSeries => ({
  name,
  id: `id-${name}`,
  metrics: { [metric]: { values, unit: unitText } },
  ...extra,
});

const tags = (c: RunComparison): string[] => c.warnings.map((w) => w._tag);
const only = <T extends CompareWarning["_tag"]>(c: RunComparison, tag: T): Extract<CompareWarning, { _tag: T }>[] =>
  c.warnings.filter((w): w is Extract<CompareWarning, { _tag: T }> => w._tag === tag);

describe("the common unit rule: explicit > system > most used > first run's", () => {
  const runs = [run("a", "loss", [1], "erg"), run("b", "loss", [2], "J"), run("c", "loss", [3], "J")];

  test("most runs used J: J wins over the first run's erg (rule majority)", () => {
    const m = ok(compareSeries(runs, "loss")).metric("loss");
    expect(m?.unitLabel).toBe("J");
    expect(m?.rule).toBe("majority");
  });

  test("a tie goes to the first run's unit (rule first-run)", () => {
    const m = ok(compareSeries([run("si", "loss", [1], "J"), run("cgs", "loss", [1e7], "erg")], "loss")).metric("loss");
    expect(m?.unitLabel).toBe("J");
    expect(m?.rule).toBe("first-run");
    const reversed = ok(compareSeries([run("cgs", "loss", [1e7], "erg"), run("si", "loss", [1], "J")], "loss")).metric("loss");
    expect(reversed?.unitLabel).toBe("erg");
  });

  test("a system beats the majority: CGS gives erg, natural units GeV", () => {
    expect(ok(compareSeries(runs, "loss", { system: "cgs" })).metric("loss")?.unitLabel).toBe("erg");
    expect(ok(compareSeries(runs, "loss", { system: "cgs" })).metric("loss")?.rule).toBe("system");
    expect(ok(compareSeries(runs, "loss", { system: "natural" })).metric("loss")?.unitLabel).toBe("GeV");
    expect(ok(compareSeries(runs, "loss", { system: "SI" })).metric("loss")?.unitLabel).toBe("J");
  });

  test("an explicit unit beats everything, per metric too", () => {
    const c = ok(compareSeries(runs, "loss", { unit: "eV", system: "cgs" }));
    expect(c.metric("loss")?.unitLabel).toBe("eV");
    expect(c.metric("loss")?.rule).toBe("explicit");
    expect(ok(compareSeries(runs, "loss", { unit: { loss: "kJ" } })).metric("loss")?.unitLabel).toBe("kJ");
    expect(ok(compareSeries(runs, "loss", { unit: unit("MeV") })).metric("loss")?.unitLabel).toBe("MeV");
  });

  test("dimensions are counted before spellings: three energies in three units beat two seconds", () => {
    const chosen = ok(chooseCommonUnit(["s", "J", "s", "erg", "eV"].map((u) => unit(u))));
    expect(formatUnit(chosen.unit)).toBe("J");
    expect(chosen.rule).toBe("first-run");
  });

  test("a unit beats no unit; with no unit anywhere the common unit is 1", () => {
    expect(formatUnit(ok(chooseCommonUnit([undefined, undefined, unit("J")])).unit)).toBe("J");
    const none = ok(chooseCommonUnit([undefined, undefined]));
    expect(formatUnit(none.unit)).toBe("1");
    expect(none.rule).toBe("no-unit");
  });

  test("bad options are errors, not warnings", () => {
    expect(compareSeries(runs, "loss", { unit: "jouls" })).toMatchObject({ _tag: "Left", left: { _tag: "UnknownUnit" } });
    expect(compareSeries(runs, "loss", { system: "imperial-ish" })).toMatchObject({ _tag: "Left", left: { _tag: "UnknownSystem" } });
    expect(compareSeries(runs, "loss", { context: "naturall" })).toMatchObject({ _tag: "Left", left: { _tag: "UnknownContext" } });
    expect(compareSeries(runs, "loss", { baseline: "zz" })).toMatchObject({ _tag: "Left", left: { _tag: "UnknownBaseline", runs: ["a", "b", "c"] } });
    expect(compareSeries(runs, "loss", { align: { at: Number.NaN } })).toMatchObject({ _tag: "Left", left: { _tag: "InvalidOption" } });
  });
});

describe("converted values keep their original value and unit", () => {
  test("erg to J: value converted, original kept, one MixedUnitsConverted warning per unit", () => {
    const c = ok(compareSeries([run("si", "loss", [0.5, 0.25], "J"), run("cgs", "loss", [5e6, 2.4e6], "erg"), run("cgs2", "loss", [3e6], "erg")], "loss", { baseline: "si", unit: "J" }));
    const m = c.metric("loss");
    expect(m?.unitLabel).toBe("J");
    const cgs = m?.entries[1];
    expect(cgs?.value).toBeCloseTo(0.24, 15);
    expect(cgs?.original).toMatchObject({ value: 2.4e6, unitLabel: "erg" });
    expect(cgs?.step).toBe(1);
    expect(only(c, "MixedUnitsConverted")).toEqual([
      expect.objectContaining({ metric: "loss", from: "erg", to: "J", runs: ["cgs", "cgs2"], context: undefined }),
    ]);
    expect(only(c, "MixedUnitsConverted")[0]?.message).toContain("original values are kept");
  });
});

describe("natural units: GeV vs J directly, GeV⁻¹ vs m through the natural context", () => {
  const GEV_IN_J = 1.602176634e-10;
  const HBARC_M = 1.973269804593025e-16; // 1 GeV⁻¹ in metres (ħc)

  test("GeV and J are both energies: no context needed", () => {
    const c = ok(compareSeries([run("si", "energy", [GEV_IN_J], "J"), run("hep", "energy", [1], "GeV")], "energy"));
    const [si, hep] = c.metric("energy")?.entries ?? [];
    expect(hep?.value).toBeCloseTo(si?.value as number, 25);
    expect(hep?.relativeDiff).toBeCloseTo(0, 12);
    expect(only(c, "MixedUnitsConverted")[0]).toMatchObject({ from: "GeV", to: "J", context: undefined });
  });

  test("GeV⁻¹ vs m without a context: the GeV⁻¹ run is excluded, and the warning names the natural context", () => {
    const c = ok(compareSeries([run("lab", "length", [HBARC_M], "m"), run("lab2", "length", [2 * HBARC_M], "m"), run("hep", "length", [1], "GeV^-1")], "length"));
    const m = c.metric("length");
    expect(m?.entries.map((e) => e.run.name)).toEqual(["lab", "lab2"]);
    expect(m?.excluded).toEqual([{ run: { name: "hep", id: "id-hep" }, reason: expect.objectContaining({ _tag: "IncompatibleDimensions", contexts: ["natural"] }) }]);
    const w = only(c, "IncompatibleDimensions")[0];
    expect(w).toMatchObject({ run: "hep", unit: "1/GeV", commonUnit: "m", contexts: ["natural"] });
    expect(w?.message).toContain('pass { context: "natural" }');
  });

  test("with context natural the GeV⁻¹ run converts to m (ħc = 0.1973 fm·GeV)", () => {
    const c = ok(compareSeries([run("lab", "length", [HBARC_M], "m"), run("lab2", "length", [2 * HBARC_M], "m"), run("hep", "length", [1], "GeV^-1")], "length", { context: "natural" }));
    const hep = c.metric("length")?.entries[2];
    expect(hep?.value).toBeCloseTo(HBARC_M, 28);
    expect(hep?.original).toMatchObject({ value: 1, unitLabel: "1/GeV" });
    expect(only(c, "MixedUnitsConverted")[0]).toMatchObject({ from: "1/GeV", to: "m", context: "natural" });
  });

  test("the natural system shows lengths in GeV⁻¹ (its context comes with it)", () => {
    const c = ok(compareSeries([run("lab", "length", [HBARC_M], "m"), run("hep", "length", [1], "GeV^-1")], "length", { system: "natural" }));
    const m = c.metric("length");
    expect(m?.unitLabel).toBe("1/GeV");
    expect(m?.contexts).toEqual(["natural"]);
    expect(m?.entries.map((e) => e.value)).toEqual([expect.closeTo(1, 12), 1]);
  });

  test("runs in SI, CGS and natural units in one comparison", () => {
    const c = ok(compareSeries([run("si", "E", [GEV_IN_J], "J"), run("cgs", "E", [GEV_IN_J * 1e7], "erg"), run("hep", "E", [1], "GeV")], "E", { baseline: "hep" }));
    for (const e of c.metric("E")?.entries ?? []) expect(e.relativeDiff).toBeCloseTo(0, 12);
  });
});

describe("typed warnings, never silence", () => {
  test("missing metric: the run is excluded and says so", () => {
    const c = ok(compareSeries([run("a", "loss", [1], "J"), { name: "b", metrics: {} }, run("c", "loss", [], "J")], "loss"));
    expect(c.metric("loss")?.excluded.map((x) => [x.run.name, x.reason._tag])).toEqual([
      ["b", "MissingMetric"],
      ["c", "MissingMetric"],
    ]);
    expect(only(c, "MissingMetric").map((w) => w.run)).toEqual(["b", "c"]);
  });

  test("dimensionless vs dimensional: excluded by default, read in the common unit on request", () => {
    const runs = [run("a", "loss", [1], "J"), run("b", "loss", [2], undefined), run("c", "loss", [3], "J")];
    const c = ok(compareSeries(runs, "loss"));
    expect(c.metric("loss")?.entries.map((e) => e.run.name)).toEqual(["a", "c"]);
    expect(only(c, "DimensionlessMixed")).toEqual([expect.objectContaining({ runs: ["b"], commonUnit: "J", treatedAs: "excluded" })]);
    expect(only(c, "DimensionlessMixed")[0]?.message).toContain('dimensionless: "as-common-unit"');
    const assumed = ok(compareSeries(runs, "loss", { dimensionless: "as-common-unit" }));
    expect(assumed.metric("loss")?.entries.map((e) => [e.run.name, e.value, e.original.unitLabel])).toEqual([
      ["a", 1, "J"],
      ["b", 2, ""],
      ["c", 3, "J"],
    ]);
    expect(only(assumed, "DimensionlessMixed")[0]).toMatchObject({ treatedAs: "common-unit" });
  });

  test("a dimensionless unit (%) against J is the same warning", () => {
    const c = ok(compareSeries([run("a", "x", [1], "J"), run("b", "x", [50], "%")], "x"));
    expect(only(c, "DimensionlessMixed")[0]).toMatchObject({ runs: ["b"] });
  });

  test("plain numbers against plain numbers compare with no warning", () => {
    const c = ok(compareSeries([run("a", "acc", [0.9], undefined), run("b", "acc", [0.8], undefined)], "acc"));
    expect(c.warnings).toEqual([]);
    expect(c.metric("acc")?.unitLabel).toBe("1");
  });

  test("incompatible dimensions: excluded with the reason", () => {
    const c = ok(compareSeries([run("a", "loss", [1], "J"), run("b", "loss", [1], "J"), run("c", "loss", [1], "s")], "loss"));
    const w = only(c, "IncompatibleDimensions")[0];
    expect(w).toMatchObject({ run: "c", unit: "s", commonUnit: "J", contexts: [] });
    expect(w?.message).toMatch(/not convertible to the common unit J/);
    expect(c.metric("loss")?.excluded[0]?.reason).toBe(w);
  });

  test("a unit defined elsewhere (unreadable label) is excluded, label kept", () => {
    const c = ok(compareSeries([run("a", "x", [1], "J"), { name: "b", metrics: { x: { values: [1], unitLabel: "furlong_per_fortnight" } } }], "x"));
    expect(only(c, "UnreadableUnit")[0]).toMatchObject({ run: "b", label: "furlong_per_fortnight" });
  });

  test("an excluded baseline falls back to the mean, with a warning", () => {
    const c = ok(compareSeries([run("a", "loss", [1], "J"), run("b", "loss", [3], "J"), run("c", "loss", [1], "s")], "loss", { baseline: "c" }));
    expect(c.metric("loss")?.baseline).toEqual({ kind: "mean", value: 2 });
    expect(tags(c)).toContain("BaselineExcluded");
  });
});

describe("differences: absolute and relative, defined at zero and for negative values", () => {
  test("against a baseline run", () => {
    const c = ok(compareSeries([run("a", "loss", [2], "J"), run("b", "loss", [3], "J"), run("c", "loss", [1e7], "erg")], "loss", { baseline: "a" }));
    const m = c.metric("loss");
    expect(m?.baseline).toMatchObject({ kind: "run", run: { name: "a" }, value: 2 });
    expect(m?.entries.map((e) => [e.absoluteDiff, e.relativeDiff, e.isBaseline])).toEqual([
      [0, 0, true],
      [1, 0.5, false],
      [-1, -0.5, false],
    ]);
  });

  test("the baseline may be given by id", () => {
    const c = ok(compareSeries([run("a", "loss", [2], "J"), run("b", "loss", [3], "J")], "loss", { baseline: "id-b" }));
    expect(c.metric("loss")?.baseline).toMatchObject({ kind: "run", run: { id: "id-b" } });
  });

  test("without a baseline: against the mean (NaN values left out of it)", () => {
    const c = ok(compareSeries([run("a", "loss", [1], "J"), run("b", "loss", [3], "J"), run("c", "loss", [Number.NaN], "J")], "loss"));
    const m = c.metric("loss");
    expect(m?.baseline).toEqual({ kind: "mean", value: 2 });
    expect(m?.entries.map((e) => e.relativeDiff)).toEqual([-0.5, 0.5, Number.NaN]);
  });

  test("negative baseline: relative = (v − b)/|b|, so a larger value is positive", () => {
    const c = ok(compareSeries([run("base", "e", [-4], "J"), run("up", "e", [-2], "J"), run("down", "e", [-6], "J")], "e", { baseline: "base" }));
    expect(c.metric("e")?.entries.map((e) => e.relativeDiff)).toEqual([0, 0.5, -0.5]);
  });

  test("zero baseline: relative differences are NaN, absolute ones are given, one ZeroBaseline warning", () => {
    const c = ok(compareSeries([run("base", "e", [0], "J"), run("b", "e", [2], "J"), run("c", "e", [0], "J")], "e", { baseline: "base" }));
    expect(c.metric("e")?.entries.map((e) => [e.absoluteDiff, e.relativeDiff])).toEqual([
      [0, Number.NaN],
      [2, Number.NaN],
      [0, Number.NaN],
    ]);
    expect(only(c, "ZeroBaseline")).toEqual([expect.objectContaining({ metric: "e", baseline: "base" })]);
    const mean = ok(compareSeries([run("a", "e", [-1], "J"), run("b", "e", [1], "J")], "e"));
    expect(only(mean, "ZeroBaseline")[0]?.baseline).toBe("mean");
  });

  test("offset units: differences of degC are kelvin-sized steps", () => {
    const c = ok(compareSeries([run("a", "T", [20], "degC"), run("b", "T", [303.15], "K")], "T", { unit: "degC", baseline: "a" }));
    const m = c.metric("T");
    expect(m?.entries[1]?.value).toBeCloseTo(30, 10);
    expect(m?.entries[1]?.absoluteDiff).toBeCloseTo(10, 10);
    expect(m?.differenceUnit.offset).toBeUndefined();
  });
});

describe("alignment: last, min, max, at a step, interpolated curves", () => {
  const si: RunSeries = { name: "si", metrics: { loss: { steps: [0, 10, 20, 30], values: [4, 1, 2, 3], unit: "J" } } };
  const cgs: RunSeries = { name: "cgs", metrics: { loss: { steps: [0, 5, 15, 25], values: [5e7, 2e7, 0.5e7, 1e7], unit: "erg" } } };

  test("last (default), min and max", () => {
    const value = (align: "last" | "min" | "max") => ok(compareSeries([si, cgs], "loss", { align })).metric("loss")?.entries.map((e) => [e.value, e.step]);
    expect(value("last")).toEqual([
      [3, 30],
      [1, 25],
    ]);
    expect(value("min")).toEqual([
      [1, 10],
      [0.5, 15],
    ]);
    expect(value("max")).toEqual([
      [4, 0],
      [5, 0],
    ]);
  });

  test("min and max compare in the common unit, also through a reversing (spectral) conversion", () => {
    // wavelengths in nm compared as photon energies: the shortest wavelength is the largest energy
    const light: RunSeries = { name: "light", metrics: { photon: { values: [400, 500, 700], unit: "nm" } } };
    const other: RunSeries = { name: "other", metrics: { photon: { values: [2], unit: "eV" } } };
    const c = ok(compareSeries([other, light], "photon", { align: "max", context: "spectral" }));
    const e = c.metric("photon")?.entries[1];
    expect(e?.original.value).toBe(400);
    expect(e?.value).toBeCloseTo(3.0996, 3);
  });

  test("at a step: exact, interpolated between neighbours, or excluded outside the range", () => {
    const at10 = ok(compareSeries([si, cgs], "loss", { align: { at: 10 } })).metric("loss");
    expect(at10?.entries.map((e) => [e.value, e.interpolated])).toEqual([
      [1, false],
      [expect.closeTo(1.25, 12), true],
    ]);
    const at28 = ok(compareSeries([si, cgs], "loss", { align: { at: 28 } }));
    expect(at28.metric("loss")?.entries.map((e) => e.run.name)).toEqual(["si"]);
    expect(only(at28, "StepNotLogged")[0]).toMatchObject({ run: "cgs", step: 28, range: [0, 25] });
  });

  test("interpolated curves on the union grid; the compared value is at the last step both runs cover", () => {
    const c = ok(compareSeries([si, cgs], "loss", { align: "interpolate", baseline: "si" }));
    const m = c.metric("loss");
    const curves = m?.curves;
    expect([...(curves?.steps ?? [])]).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect([...(curves?.series[0]?.values ?? [])]).toEqual([4, 2.5, 1, 1.5, 2, 2.5, 3]);
    const cgsCurve = [...(curves?.series[1]?.values ?? [])];
    expect(cgsCurve.slice(0, 6)).toEqual([5, 2, 1.25, 0.5, 0.75, 1].map((v) => expect.closeTo(v, 12)));
    expect(cgsCurve[6]).toBeNaN();
    expect(m?.entries.map((e) => [e.step, e.value, e.interpolated])).toEqual([
      [25, 2.5, true],
      [25, expect.closeTo(1, 12), false],
    ]);
    expect(m?.entries[1]?.original).toMatchObject({ value: 1e7, unitLabel: "erg" });
    expect(curves?.absoluteDiff("cgs")?.[0]).toBeCloseTo(1, 12);
    expect(curves?.relativeDiff("cgs")?.[1]).toBeCloseTo(-0.2, 12);
    expect(c.curveRows()).toHaveLength(14);
  });

  test("interpolated onto the baseline's steps, or onto given steps", () => {
    const onBaseline = ok(compareSeries([si, cgs], "loss", { align: { interpolate: "baseline" }, baseline: "cgs" })).metric("loss");
    expect([...(onBaseline?.curves?.steps ?? [])]).toEqual([0, 5, 15, 25]);
    const given = ok(compareSeries([si, cgs], "loss", { align: { interpolate: [20, 0, 10] } })).metric("loss");
    expect([...(given?.curves?.steps ?? [])]).toEqual([0, 10, 20]);
    // without a baseline the curve diffs are against the pointwise mean
    expect(given?.curves?.absoluteDiff("si")?.[0]).toBeCloseTo(-0.5, 12);
  });

  test("steps logged out of order are sorted first", () => {
    const shuffled: RunSeries = { name: "s", metrics: { loss: { steps: [20, 0, 10], values: [2, 0, 1], unit: "J" } } };
    expect(ok(compareSeries([shuffled], "loss")).metric("loss")?.entries[0]).toMatchObject({ value: 2, step: 20 });
    expect([...ok(compareSeries([shuffled], "loss")).metric("loss")!.entries[0]!.history().values]).toEqual([0, 1, 2]);
  });

  test("history() is the whole series in the common unit", () => {
    const h = ok(compareSeries([si, cgs], "loss")).metric("loss")?.entries[1]?.history();
    expect([...(h?.steps ?? [])]).toEqual([0, 5, 15, 25]);
    expect([...(h?.values ?? [])]).toEqual([5, 2, 0.5, 1].map((v) => expect.closeTo(v, 12)));
  });
});

describe("bestRun", () => {
  test("smallest and largest in the common unit, NaN never wins", () => {
    const c = ok(compareSeries([run("a", "loss", [0.5], "J"), run("b", "loss", [4e6], "erg"), run("c", "loss", [Number.NaN], "J")], "loss"));
    expect(c.bestRun("loss", "min")?.run.name).toBe("b");
    expect(c.bestRun("loss", "max")?.run.name).toBe("a");
    expect(c.bestRun("nothing", "min")).toBeUndefined();
  });
});

describe("parameter diff, unit-normalised", () => {
  const withParams = (name: string, params: RunSeries["params"]): RunSeries => ({ name, metrics: { loss: { values: [1], unit: "J" } }, params });

  test("1 m and 100 cm are equal; only what differs is listed", () => {
    const c = ok(
      compareSeries(
        [
          withParams("si", { length: q(1, "m"), rate: q(0.001, "1/s"), solver: "cn", cells: 20, flag: true }),
          withParams("cgs", { length: q(100, "cm"), rate: q(0.002, "1/s"), solver: "cn", cells: 20, flag: false }),
        ],
        "loss",
      ),
    );
    const length = c.params.get("length");
    expect(length?.same).toBe(true);
    expect(formatUnit(length?.unit as never)).toBe("m");
    expect(length?.cells.map((cell) => cell.normalized)).toEqual([1, 1]);
    expect(length?.cells[1]).toMatchObject({ value: 100, unitLabel: "cm" });
    expect(c.params.differing().map((e) => [e.key, e.difference])).toEqual([
      ["rate", "values"],
      ["flag", "values"],
    ]);
    expect(c.params.toRows({ onlyDiffering: true })).toHaveLength(4);
    expect(c.params.toRows()[0]).toEqual({ param: "length", run: "si", runId: "si", value: 1, unit: "m", originalValue: 1, originalUnit: "m", same: true });
  });

  test("a param one run lacks, or in units that do not convert, differs (with a warning for the units)", () => {
    const c = ok(compareSeries([withParams("a", { x: q(1, "m"), y: 1 }), withParams("b", { x: q(1, "s") }), withParams("c", { x: q(1, "m") })], "loss"));
    expect(c.params.get("x")?.difference).toBe("incompatible");
    expect(c.params.get("y")?.difference).toBe("missing");
    expect(only(c, "ParamIncompatible")[0]).toMatchObject({ param: "x", run: "b", unit: "s", commonUnit: "m" });
  });

  test("the system option shows params in that system's units", () => {
    const c = ok(compareSeries([withParams("a", { x: q(1, "m") }), withParams("b", { x: q(100, "cm") })], "loss", { system: "cgs" }));
    expect(formatUnit(c.params.get("x")?.unit as never)).toBe("cm");
  });
});

describe("rows and CSV", () => {
  const c = ok(compareSeries([run("si, the first", "loss", [0], "J"), run('cgs "2"', "loss", [1e7], "erg")], "loss", { baseline: "si, the first" }));

  test("typed rows", () => {
    expect(c.toRows()).toEqual([
      {
        metric: "loss",
        run: "si, the first",
        runId: "id-si, the first",
        step: 0,
        value: 0,
        unit: "J",
        originalValue: 0,
        originalUnit: "J",
        baseline: "si, the first",
        absoluteDiff: 0,
        differenceUnit: "J",
        relativeDiff: Number.NaN,
        isBaseline: true,
        interpolated: false,
      },
      expect.objectContaining({ run: 'cgs "2"', value: 1, originalValue: 1e7, originalUnit: "erg", absoluteDiff: 1 }),
    ]);
  });

  test("CSV: a header, RFC 4180 quoting, NaN as an empty field", () => {
    const lines = c.toCSV().split("\r\n");
    expect(lines[0]).toBe("metric,run,runId,step,value,unit,originalValue,originalUnit,baseline,absoluteDiff,differenceUnit,relativeDiff,isBaseline,interpolated");
    expect(lines[1]).toBe('loss,"si, the first","id-si, the first",0,0,J,0,J,"si, the first",0,J,,true,false');
    expect(lines[2]).toBe('loss,"cgs ""2""","id-cgs ""2""",0,1,J,10000000,erg,"si, the first",1,J,,false,false');
    expect(lines[3]).toBe("");
  });

  test("a human summary", () => {
    expect(c.toString()).toContain("loss [J] (first-run; baseline si, the first)");
  });
});
