// Issue 12.11 (output): run names, params and tags are data other programs
// wrote (imports, MLflow, W&B, older versions). Printed raw, an escape
// sequence retitles the terminal or clears the screen, and a newline fakes
// table rows. Every human line shows control characters escaped (C0, DEL,
// C1, line separators, bidi overrides); --json keeps the exact strings.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeControl, terminalSafe } from "../../src/internal/output.js";
import { progressBar } from "../../src/internal/progress-bar.js";
import { expectUserError, run } from "../helpers.js";

/** What must never reach a terminal raw: every control character but the line ends we print ourselves. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE = {
  experiment: "lab\u001b]0;pwned\u0007",
  clear: "clear\u001b[2J\u001b[H",
  fakeRow: "two\nrun-fake  FINISHED  deadbeef",
  c1: "csi\u009b31mred",
  del: "del\u007fete",
  bidi: "safe\u202eexe.txt",
  param: "\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007",
  tag: "carriage\rreturn\tand tab",
  separator: "line\u2028separator",
};

let tmp = "";
let store = "";
const ids: Record<string, string> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-hostile-"));
  store = join(tmp, "hostile.db");
  const opened = createLocalBackend({ path: store });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  const backend = opened.right;
  const exp = await backend.getOrCreateExperiment(HOSTILE.experiment)();
  if (exp._tag === "Left") throw new Error(exp.left.message);
  for (const key of ["clear", "fakeRow", "c1", "del", "bidi", "separator"] as const) {
    const created = await backend.createRun(exp.right.id, { name: HOSTILE[key], startTime: 1_700_000_000_000, tags: { note: HOSTILE.tag } })();
    if (created._tag === "Left") throw new Error(created.left.message);
    ids[key] = created.right.id;
    const logged = await backend.logBatch(created.right.id, {
      id: `b-${key}`,
      params: [{ key: "label", value: HOSTILE.param }],
      tags: [],
      metrics: [],
      arrays: [],
    })();
    if (logged._tag === "Left") throw new Error(logged.left.message);
  }
  await backend.close()();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const human = async (...argv: string[]): Promise<string> => {
  const result = await run(...argv, "--tracking-uri", store);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
  return result.stdout;
};

describe("hostile names, params and tags in human output", () => {
  it("escapes them in escapeControl's notation", () => {
    expect(escapeControl("a\u001b[2Jb\nc\td\re\u007f\u009b\u202e")).toBe("a\\x1b[2Jb\\nc\\td\\re\\x7f\\x9b\\u202e");
    expect(escapeControl(escapeControl(HOSTILE.clear))).toBe(escapeControl(HOSTILE.clear));
    expect(escapeControl("Ω µ Å °C naïve 日本")).toBe("Ω µ Å °C naïve 日本");
  });

  it("experiments ls shows the experiment's name escaped", async () => {
    const out = await human("experiments", "ls");
    expect(out).toContain("lab\\x1b]0;pwned\\x07");
  });

  it("runs ls: one table row per run, no fake rows, every name escaped", async () => {
    const out = await human("runs", "ls", "-e", HOSTILE.experiment);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 1 + 6); // title, header, six runs
    expect(out).toContain("clear\\x1b[2J\\x1b[H");
    expect(out).toContain("two\\nrun-fake  FINISHED  deadbeef");
    expect(out).toContain("csi\\x9b31mred");
    expect(out).toContain("del\\x7fete");
    expect(out).toContain("safe\\u202eexe.txt");
    expect(out).toContain("line\\u2028separator");
    expect(lines.filter((line) => line.startsWith("  run-fake"))).toEqual([]);
  });

  it("runs show escapes the run's name, params and tags", async () => {
    const out = await human("runs", "show", ids.fakeRow as string, "-e", HOSTILE.experiment);
    expect(out).toContain("two\\nrun-fake");
    expect(out).toContain("\\x1b]8;;http://evil.example\\x07click");
    expect(out).toContain("carriage\\rreturn\\tand tab");
  });

  it("--json keeps the exact strings, and its text is safe on a terminal too", async () => {
    const result = await run("runs", "ls", "-e", HOSTILE.experiment, "--json", "--tracking-uri", store);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    const runs = JSON.parse(result.stdout) as Array<{ name: string; params: Record<string, { value: unknown }> }>;
    expect(runs.map((r) => r.name).sort()).toEqual(
      [HOSTILE.clear, HOSTILE.fakeRow, HOSTILE.c1, HOSTILE.del, HOSTILE.bidi, HOSTILE.separator].sort(),
    );
    expect(runs[0]?.params.label?.value).toBe(HOSTILE.param);
    const shown = await run("runs", "show", ids.c1 as string, "-e", HOSTILE.experiment, "--json", "--tracking-uri", store);
    expect(shown.stdout).not.toMatch(RAW_CONTROL);
    const detail = JSON.parse(shown.stdout) as { name: string; tags: Record<string, string> };
    expect(detail.name).toBe(HOSTILE.c1);
    expect(detail.tags?.note).toBe(HOSTILE.tag);
  });

  it("error messages quoting hostile input are escaped too", async () => {
    const missingRun = expectUserError(await run("runs", "show", "gone\u001b[2J\u009b1m", "-e", HOSTILE.experiment, "--tracking-uri", store));
    expect(missingRun).not.toMatch(RAW_CONTROL);
    const missingExperiment = expectUserError(await run("runs", "ls", "-e", "nope", "--tracking-uri", store));
    expect(missingExperiment).not.toMatch(RAW_CONTROL);
    expect(missingExperiment).toContain("lab\\x1b]0;pwned\\x07");
    const badOption = expectUserError(await run("runs", "ls", "--bogus\u001b[31m", "--tracking-uri", store));
    expect(badOption).not.toMatch(RAW_CONTROL);
  });

  it("the progress bar still draws with its own control sequences, its text escaped", () => {
    let raw = "";
    const io = terminalSafe({ stdout: () => undefined, stderr: (text) => (raw += text), env: {}, stderrIsTTY: true });
    const bar = progressBar(io, "import");
    bar.update({ phase: HOSTILE.clear, fraction: 0.5, runsDone: 1, runsTotal: 2, pointsDone: 10 });
    bar.done();
    expect(raw.startsWith("\r")).toBe(true);
    expect(raw).toContain("\u001b[K");
    expect(raw).toContain("clear\\x1b[2J\\x1b[H");
    expect(raw.replaceAll("\r", "").replaceAll("\u001b[K", "")).not.toMatch(RAW_CONTROL);
  });
});
