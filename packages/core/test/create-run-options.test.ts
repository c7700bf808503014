// ExperimentBackend.createRun called directly, as a JavaScript program or a
// backend of one's own does: leaving `tags` out means no tags (MLflow's
// create_run takes none either), and a missing name or start time is a
// BackendFailure naming the field — never a TypeError ("Cannot convert
// undefined or null to object") or a rejected promise.

import { describe, expect, it } from "vitest";
import { type CreateRunOptions, checkCreateRunOptions, createMemoryBackend } from "../src/index.js";

const loose = (options: Record<string, unknown>) => options as unknown as CreateRunOptions;

describe("checkCreateRunOptions", () => {
  it("reads absent tags as none and keeps the rest", () => {
    const checked = checkCreateRunOptions("memory", loose({ name: "r", startTime: 1_700_000_000_000 }));
    expect(checked).toEqual({ _tag: "Right", right: { name: "r", startTime: 1_700_000_000_000, tags: {} } });
  });

  it("checks types only: an empty name and an early start time from another store still copy", () => {
    expect(checkCreateRunOptions("memory", loose({ name: "", startTime: 0, tags: { a: "" } }))._tag).toBe("Right");
  });

  it("names the field, what it got and what it takes", () => {
    const problems: Array<[Record<string, unknown> | undefined, RegExp]> = [
      [undefined, /options must be an object \{ name, startTime, tags\? \}, got undefined/],
      [{ startTime: 1 }, /options\.name must be the run's name \(a string\), got undefined/],
      [{ name: 5, startTime: 1 }, /options\.name must be the run's name \(a string\), got number/],
      [{ name: "r" }, /options\.startTime must be milliseconds since the Unix epoch.*got undefined/],
      [{ name: "r", startTime: Number.NaN }, /options\.startTime.*got NaN/],
      [{ name: "r", startTime: new Date() }, /options\.startTime.*got a Date: pass date\.getTime\(\)/],
      [{ name: "r", startTime: 1, tags: ["a"] }, /options\.tags must be an object of strings.*got an array/],
      [{ name: "r", startTime: 1, tags: { a: 1 } }, /options\.tags\.a must be a string, got number/],
    ];
    for (const [options, message] of problems) {
      const checked = checkCreateRunOptions("memory", loose(options as Record<string, unknown>));
      expect(checked._tag, JSON.stringify(options)).toBe("Left");
      if (checked._tag === "Left") {
        expect(checked.left._tag).toBe("BackendFailure");
        expect(checked.left.message).toMatch(message);
      }
    }
  });
});

describe("the memory backend's createRun", () => {
  it("creates a run without tags, and refuses one without a name as a value (it never rejects)", async () => {
    const b = createMemoryBackend();
    const exp = await b.getOrCreateExperiment("x")();
    if (exp._tag === "Left") throw new Error(exp.left.message);
    const run = await b.createRun(exp.right.id, loose({ name: "r", startTime: Date.now() }))();
    expect(run._tag).toBe("Right");
    if (run._tag === "Right") expect((await b.getRun(run.right.id)())).toMatchObject({ _tag: "Right", right: { tags: {} } });
    const nameless = await b.createRun(exp.right.id, loose({ startTime: Date.now() }))();
    expect(nameless._tag === "Left" && nameless.left.message).toMatch(/options\.name/);
  });
});
