import { describe, expect, it } from "vitest";
import { Run, createMemoryBackend, encodeMetricUnit, encodeParam, parseDimtensorSymbol, q } from "../src/index.js";
import type { RunRecord } from "../src/index.js";

const record = (params: Record<string, string>, tags: Record<string, string>, metrics: Record<string, number> = {}): RunRecord => ({
  info: { id: "r1", experimentId: "1", name: "py", status: "FINISHED", startTime: 0, endTime: 1 },
  params,
  tags,
  metrics: Object.fromEntries(Object.entries(metrics).map(([k, value]) => [k, { value, step: 0, timestamp: 0 }])),
});

describe("unit codec", () => {
  it("writes dimtensor's tag and the authoritative dimexp tag", () => {
    const p = encodeParam("domain_length", q(100, "cm"));
    expect(p.value).toBe("100");
    expect(Object.fromEntries(p.tags.map((t) => [t.key, t.value]))).toEqual({
      "unit.domain_length": "cm",
      "dimexp.param.domain_length": JSON.stringify({ type: "quantity", unit: "cm", dimension: ["1", "0", "0", "0", "0", "0", "0"] }),
    });
    expect(encodeParam("epochs", 3).tags.find((t) => t.key === "unit.epochs")?.value).toBe("dimensionless");
    expect(encodeParam("solver", "fd").tags.some((t) => t.key === "unit.solver")).toBe(false);
    expect(encodeMetricUnit("force", q(1, "kg*m/s^2").unit)[0]).toEqual({ key: "unit.force", value: "kg·m/s²" });
  });

  it("reads runs written by Python dimtensor, which only has unit.<name> and shape.<name>", () => {
    const run = new Run(
      record(
        { lr: "0.001", length: "1.0", solver: "fd", epochs: "10" },
        { "unit.lr": "1/s", "unit.length": "m", "unit.epochs": "dimensionless", "unit.loss": "J", "unit.field": "V/m", "shape.field": "(3,)", "unit.c": "J/mol·K" },
        { loss: 0.5, field_mean: 2, field_max: 3, c: 8.3 },
      ),
    );
    expect(String(run.param("lr"))).toBe("0.001 1/s");
    expect(String(run.param("length"))).toBe("1 m");
    expect(run.param("solver")).toBe("fd");
    expect(run.param("epochs")).toBe(10);
    expect(String(run.metric("loss"))).toBe("0.5 J");
    expect(String(run.metric("field_mean"))).toBe("2 V/m");
    expect(String(run.metric("c"))).toBe("8.3 J/(mol*K)");
  });

  it("keeps dimexp's own tags authoritative when a param and a metric share a name", () => {
    const p = encodeParam("x", 5);
    const m = encodeMetricUnit("x", q(1, "J").unit);
    const tags = Object.fromEntries([...p.tags, ...m].map((t) => [t.key, t.value]));
    const run = new Run(record({ x: "5" }, tags, { x: 2 }));
    expect(run.param("x")).toBe(5);
    expect(String(run.metric("x"))).toBe("2 J");
  });

  it("keeps an unreadable unit label rather than dropping it", () => {
    const run = new Run(record({ v: "3" }, { "unit.v": "furlong/fortnight²x" }, { w: 1 }));
    expect(run.params.v?.unitLabel).toBe("furlong/fortnight²x");
    expect(run.toJSON().params.v).toEqual({ value: 3, unit: "furlong/fortnight²x" });
  });

  it("reads dimtensor's symbol spellings", () => {
    const ok = (s: string) => {
      const r = parseDimtensorSymbol(s);
      if (r._tag === "Left") throw new Error(r.left.message);
      return r.right;
    };
    expect(ok("J/mol·K").equals(ok("J/(mol*K)"))).toBe(true);
    expect(ok("m^1/2").dimension.exponent("length")).toEqual({ n: 1, d: 2 });
    expect(ok("1/s").dimension.name).toBe("frequency");
    expect(ok("dimensionless").isDimensionless).toBe(true);
  });

  it("is used by every backend through the same DimExperiment path", () => {
    expect(createMemoryBackend().capabilities.arrays).toBe(true);
  });
});
