// Names an adversary (or a careless script) hands to the logging API: object
// prototype keys, control characters and escape sequences, huge names. Each
// is refused where it is given, with a typed error that echoes it safely, and
// nothing logged before is lost: the run carries on.

import { describe, expect, it } from "vitest";
import { DimExperiment, DimexpError, createMemoryBackend, q, validateName } from "../../src/index.js";
import { DimArray } from "@dimexp/units";

const open = () => DimExperiment.open("hostile", { backend: createMemoryBackend(), onWarning: () => undefined });

/** The DimexpError a call throws (fails the test when it does not throw one). */
const thrown = (call: () => unknown): DimexpError => {
  try {
    call();
  } catch (e) {
    if (e instanceof DimexpError) return e;
    throw new Error(`expected a DimexpError, got ${String(e)}`);
  }
  throw new Error("expected a DimexpError, but the call succeeded");
};

const rejected = async (promise: Promise<unknown>): Promise<DimexpError> => {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DimexpError) return e;
    throw new Error(`expected a DimexpError, got ${String(e)}`);
  }
  throw new Error("expected a DimexpError, but the call succeeded");
};

// Characters that act on a terminal or on how text is laid out.
const CONTROLS = ["\n", "\r", "\t", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028", "\u2029", "\u202e", "\u2066"];
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const scalar = (value: number, unit: string): DimArray => {
  const a = DimArray.of(value, unit);
  if (a._tag === "Left") throw new Error(a.left.message);
  return a.right;
};

describe("prototype keys", () => {
  const names = ["__proto__", "constructor", "prototype", "model.__proto__", "a/constructor", "net.prototype.x"];

  for (const name of names) {
    it(`refuses ${JSON.stringify(name)} as a param, metric, tag and array, keeping what was logged`, async () => {
      const exp = await open();
      const run = await exp.startRun("r");
      run.logParam("lr", q(0.001, "1/s"));
      run.logMetric("loss", q(1, "J"), { step: 0 });
      const calls: Array<[string, () => unknown]> = [
        ["param", () => run.logParam(name, 1)],
        ["param", () => run.logParam(name, scalar(1, "m"))],
        ["metric", () => run.logMetric(name, q(1, "J"))],
        ["tag", () => run.setTag(name, "x")],
        ["array", () => run.logArray(name, scalar(1, "K"))],
      ];
      for (const [kind, call] of calls) {
        const error = thrown(call);
        expect(error.error).toMatchObject({ _tag: "InvalidName", kind, name });
        expect(error.message).toContain("special property of JavaScript objects");
        expect(error.message).toContain(kind === "array" ? "such an array" : `such a ${kind}`);
      }
      run.logMetric("loss", q(0.5, "J"), { step: 1 });
      await run.end();
      const stored = await exp.getRun("r");
      expect(stored.status).toBe("FINISHED");
      expect(String(stored.param("lr"))).toBe("0.001 1/s");
      expect([...(await exp.metricHistory("r", "loss")).values]).toEqual([1, 0.5]);
      for (const record of [stored.record.params, stored.record.tags, stored.record.metrics]) {
        expect(Object.keys(record).filter((k) => k === name || k.endsWith(`.${name}`))).toEqual([]);
      }
      expect(Object.getPrototypeOf(stored.record.params)).toBe(Object.prototype);
    });
  }

  it("refuses them when they come from parsed JSON through logParams and logMetrics", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    const fromJson = JSON.parse('{"__proto__": 5, "alpha": 1}') as Record<string, number>;
    expect(Object.keys(fromJson)).toContain("__proto__");
    expect(thrown(() => run.logParams(fromJson)).error._tag).toBe("InvalidName");
    expect(thrown(() => run.logMetrics(JSON.parse('{"constructor": 1}') as Record<string, number>)).error._tag).toBe("InvalidName");
    await run.end();
    expect(Object.keys((await exp.getRun("r")).record.params)).not.toContain("__proto__");
  });

  it("refuses them as tags given to startRun", async () => {
    const exp = await open();
    const error = await rejected(exp.startRun("r", { tags: JSON.parse('{"__proto__": "x"}') as Record<string, string> }));
    expect(error.error).toMatchObject({ _tag: "InvalidName", kind: "tag" });
    expect(await exp.listRuns()).toHaveLength(0);
  });

  it("still accepts names that merely contain those words", () => {
    for (const name of ["proto", "constructor_", "model.prototypes", "my__proto__x", "prototype_loss"]) {
      expect(validateName("metric", name)._tag).toBe("Right");
    }
  });
});

describe("control characters in names", () => {
  for (const c of CONTROLS) {
    const label = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

    it(`refuses ${label} in run, experiment, param, metric and tag names, echoing it escaped`, async () => {
      const exp = await open();
      const hostile = `evil${c}[2J name`;
      const runError = await rejected(exp.startRun(hostile));
      expect(runError.error).toMatchObject({ _tag: "InvalidName", kind: "run", name: hostile });
      expect(runError.message).toContain(label);
      expect(runError.message).not.toMatch(RAW_CONTROL);
      const expError = await rejected(DimExperiment.open(hostile, { backend: createMemoryBackend() }));
      expect(expError.error).toMatchObject({ _tag: "InvalidName", kind: "experiment" });
      expect(expError.message).not.toMatch(RAW_CONTROL);

      const run = await exp.startRun("r");
      run.logMetric("x", 1, { step: 0 });
      const key = `k${c}`;
      for (const call of [() => run.logParam(key, 1), () => run.logMetric(key, 1), () => run.setTag(key, "v")]) {
        const error = thrown(call);
        expect(error.error._tag).toBe("InvalidName");
        expect(error.message).toContain(label);
        expect(error.message).not.toMatch(RAW_CONTROL);
      }
      run.logMetric("x", 2, { step: 1 });
      await run.end();
      expect([...(await exp.metricHistory("r", "x")).values]).toEqual([1, 2]);
      expect((await exp.listRuns()).map((r) => r.name)).toEqual(["r"]);
    });
  }

  it("names the refused character and where it is", () => {
    const result = validateName("run", "ok\u001b]0;pwned\u0007");
    expect(result._tag === "Left" && result.left.message).toMatch(/U\+001B \(ESC\) at position 2/);
  });

  it("refuses a lone surrogate (not Unicode text) but keeps real astral characters", () => {
    expect(validateName("run", "bad\ud800name")._tag).toBe("Left");
    expect(validateName("run", "α-β sweep 🚀 ÅK")._tag).toBe("Right");
  });

  it("keeps control characters in tag and param values: they are data, escaped on output", async () => {
    const exp = await open();
    const value = "line one\nline two\u001b[31m red\u009b";
    await exp.withRun("r", (run) => {
      run.setTag("note", value);
      run.logParam("comment", value);
    });
    const stored = await exp.getRun("r");
    expect(stored.tags.note).toBe(value);
    expect(stored.param("comment")).toBe(value);
  });

  it("keeps printable Unicode, spaces inside and punctuation in run names", async () => {
    const exp = await open();
    for (const name of ["ΔT = 5 K, run #3", "résumé/β-sweep", "日本語の実験", "a  b"]) {
      await exp.withRun(name, () => undefined);
    }
    expect(await exp.listRuns()).toHaveLength(4);
  });
});

describe("oversized names", () => {
  it("echoes at most about 200 characters of a huge name", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    const huge = "x".repeat(300_000);
    for (const call of [() => run.logParam(huge, 1), () => run.logMetric(huge, 1), () => run.setTag(huge, "v")]) {
      const error = thrown(call);
      expect(error.error._tag).toBe("InvalidName");
      expect(error.message.length).toBeLessThan(800);
      expect(error.message).toContain("300000");
    }
    const runError = await rejected(exp.startRun(`${huge}\n`));
    expect(runError.message.length).toBeLessThan(800);
    await run.end();
  });
});
