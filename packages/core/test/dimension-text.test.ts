// How a dimension is written in `dimension(field) = …` and in dimensionFilter
// values: a name (energy), a unit whose dimension is meant (J, 1/GeV), or the
// notation dimexp itself prints in brackets in every message ([M^-1 L^-2 T^2]).
// Read as a unit, "M^-1 L^-2 T^2" is molar⁻¹ litre⁻² tesla²: copying a message's
// text used to select no run at all, silently. And the advice an orderBy error
// gives must select the runs it says it does.

import { describe, expect, it } from "vitest";
import { DimExperiment, DimexpError, createMemoryBackend, q } from "../src/index.js";
import { readDimension } from "../src/query/dimension-filter.js";

/** Runs in SI, CGS and natural units: domain_length in m, cm and 1/GeV (about 0.99 m). */
const unitSystems = async () => {
  const exp = await DimExperiment.open("systems", { backend: createMemoryBackend(), onWarning: () => undefined });
  await exp.withRun("run-si", (r) => r.logParam("domain_length", q(1, "m")));
  await exp.withRun("run-cgs", (r) => r.logParam("domain_length", q(40, "cm")));
  await exp.withRun("run-natural", (r) => r.logParam("domain_length", q(5e15, "1/GeV")));
  return exp;
};

const names = async (exp: DimExperiment, options: Parameters<DimExperiment["listRuns"]>[0]) => (await exp.listRuns(options)).map((r) => r.name).sort();

describe("dimension text", () => {
  it("reads the bracketed notation of messages as a dimension, not as units that share its letters", () => {
    for (const [text, same] of [
      ["M^-1 L^-2 T^2", "1/GeV"],
      ["M L^2 T^-2", "J"],
      ["L^(3/2) M^(1/2) T^-1", "statC"],
      ["L T^-1", "m/s"],
      ["L^2", "m^2"],
      ["Θ", "K"],
      ["T^-1", "Hz"],
    ] as const) {
      const dimension = readDimension(text);
      const expected = q(1, same).unit.dimension;
      expect(dimension?.key, text).toBe(expected.key);
    }
    // a lone symbol stays the unit it always meant: J is the joule, an energy
    expect(readDimension("J")?.name).toBe("energy");
    expect(readDimension("energy")?.name).toBe("energy");
    expect(readDimension("1/GeV")?.key).toBe(q(1, "1/GeV").unit.dimension.key);
  });

  it("filters on the notation in the query language and in dimensionFilter, SI, CGS and natural runs alike", async () => {
    const exp = await unitSystems();
    expect(await names(exp, { filter: "dimension(params.domain_length) = M^-1 L^-2 T^2" })).toEqual(["run-natural"]);
    expect(await names(exp, { filter: 'dimension(params.domain_length) = "M^-1 L^-2 T^2"' })).toEqual(["run-natural"]);
    expect(await names(exp, { filter: "dimension(params.domain_length) = L^1" })).toEqual(["run-cgs", "run-si"]);
    expect(await names(exp, { dimensionFilter: { domain_length: "M^-1 L^-2 T^2" } })).toEqual(["run-natural"]);
    expect(await names(exp, { dimensionFilter: { domain_length: ["length", "M^-1 L^-2 T^2"] } })).toEqual(["run-cgs", "run-natural", "run-si"]);
  });

  it("gives orderBy advice that works: the suggested dimensionFilter keeps the runs of that dimension", async () => {
    const exp = await unitSystems();
    let message = "";
    try {
      await exp.listRuns({ orderBy: "params.domain_length" });
    } catch (e) {
      if (!(e instanceof DimexpError)) throw e;
      message = e.message;
    }
    expect(message).toContain('--context natural');
    const advice = /dimensionFilter (\{[^}]*\})/.exec(message);
    expect(advice, message).not.toBeNull();
    const suggested = JSON.parse(advice?.[1] ?? "{}") as Record<string, string>;
    const kept = await exp.listRuns({ dimensionFilter: suggested, orderBy: "params.domain_length" });
    expect(kept.length, `${JSON.stringify(suggested)} kept nothing`).toBeGreaterThan(0);
    const cli = /--dimension (\S+)\)/.exec(message)?.[1] ?? "";
    const [field, dimension] = cli.split("=");
    expect(await names(exp, { dimensionFilter: { [field ?? ""]: dimension ?? "" } })).toEqual(kept.map((r) => r.name).sort());
  });

  it("suggests the dimension name meant by a misspelt one", async () => {
    const exp = await unitSystems();
    await expect(exp.listRuns({ dimensionFilter: { domain_length: "lenght" } })).rejects.toThrow(/unknown dimension "lenght" for domain_length \(did you mean "length"\?\)/);
  });
});
