// Hostile input to `dimexp runs ls`: 4,000 `or` clauses, thousands of nested
// parentheses, a filter of 300,000 characters, escape sequences, huge option
// values. Each exits 2 with one short "dimexp: …" message naming the limit —
// never "internal error: Maximum call stack size exceeded", never the whole
// input echoed back, never a raw control character on the terminal.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectUserError, run } from "../helpers.js";

let tmp = "";
let db = "";

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-limits-"));
  db = join(tmp, "dimexp.db");
  const exp = await DimExperiment.open("limits", { backend: db });
  await exp.withRun("run-1", (r) => {
    r.logParam("domain_length", q(1, "m"));
    r.logMetric("loss", q(0.5, "J"));
  });
  await exp.close();
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const ls = (...argv: string[]) => run("runs", "ls", "-e", "limits", ...argv, "--tracking-uri", db);

/** `runs ls` with hostile arguments: the longest is the input a message must not echo. */
const hostile = async (...argv: string[]): Promise<string> =>
  expectShortUserError(await ls(...argv), argv.reduce((a, b) => (b.length > a.length ? b : a), ""));

/**
 * Exit 2, one message, no window of 250 characters of the hostile input quoted
 * (~200 at most), no control characters but newlines. (A message may list the
 * accepted names, such as every dimension: it stays under 2,000 characters.)
 */
const expectShortUserError = (result: Awaited<ReturnType<typeof run>>, input: string): string => {
  const message = expectUserError(result);
  expect(message).not.toContain("Maximum call stack");
  expect(message).not.toContain("internal error");
  expect(message.length).toBeLessThan(2000);
  for (const at of [0, Math.floor(input.length / 2), input.length - 250]) {
    if (input.length > 250) expect(message).not.toContain(input.slice(Math.max(0, at), Math.max(0, at) + 250));
  }
  const controls = [...message].filter((c) => c !== "\n" && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
  expect(controls).toEqual([]);
  return message;
};

const ors = (n: number, clause: (i: number) => string): string => Array.from({ length: n }, (_, i) => clause(i)).join(" or ");

describe("runs ls refuses hostile filters with a typed error (exit 2)", () => {
  test("4,000 or clauses", async () => {
    expect(await hostile("--filter", ors(4000, (i) => `metrics.loss = ${i} J`))).toContain("characters long; at most");
    // short clauses reach the condition limit before the length limit
    expect(await hostile("--filter", ors(1001, (i) => `metrics.a=${i % 10}`).replaceAll(" or ", "||"))).toContain(
      "more than 1000 conditions",
    );
  });

  test("3,000 nested parentheses, 3,000 nots", async () => {
    const deep = `${"(".repeat(3000)}metrics.loss > 1 J${")".repeat(3000)}`;
    expect(await hostile("--filter", deep)).toContain("levels deep");
    expect(await hostile("--filter", `${"not ".repeat(3000)}metrics.loss > 1 J`)).toContain("levels deep");
  });

  test("a 300,000-character filter, unit or word", async () => {
    await hostile("--filter", `metrics.loss > 1 ${"J*".repeat(150_000)}J`);
    await hostile("--filter", `metrics.loss > 1 ${"J*".repeat(3000)}J`);
    await hostile("--filter", `params.${"x".repeat(19_000)} > 1 m and`);
  });

  test("escape sequences in a filter never reach the terminal raw", async () => {
    await hostile("--filter", "tags.x = 1 \u001b]0;pwned\u0007\u001b[2J");
  });

  test("huge --dimension, --context, --order-by and --columns values", async () => {
    await hostile("--dimension", `loss=${"energy".repeat(20_000)}`);
    await hostile("--dimension", "x".repeat(100_000));
    await hostile("--context", "natural".repeat(20_000));
    await hostile("--order-by", `metrics.${"l".repeat(100_000)} sideways`);
    await hostile("--columns", "l".repeat(100_000));
  });

  test("within the limits, a long filter works", async () => {
    const result = await ls("--filter", ors(500, (i) => `metrics.loss = ${i / 100} J`), "--json");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Array<{ name: string }>).map((r) => r.name)).toEqual(["run-1"]);
  });
});
