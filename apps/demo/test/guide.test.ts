// docs/guide/experiments.md must work as written: its TypeScript blocks are
// run in order, as one script, against a fresh store, and what they print is
// checked against what the guide says they print.

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const guide = readFileSync(path.join(repo, "docs/guide/experiments.md"), "utf8");
const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

// The script lives inside apps/demo so "@dimexp/core" resolves as in a user's project.
const scriptDir = mkdtempSync(path.join(here, "..", ".guide-"));
const storeDir = mkdtempSync(path.join(tmpdir(), "dimexp-guide-"));
afterAll(() => {
  rmSync(scriptDir, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

it("runs the guide's code blocks and prints what the guide promises", async () => {
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  const imports = new Set<string>();
  const body: string[] = [];
  for (const block of blocks) {
    for (const line of block.split("\n")) {
      if (line.startsWith("import ")) imports.add(line);
      else body.push(line);
    }
  }
  const script = path.join(scriptDir, "guide.mts");
  mkdirSync(scriptDir, { recursive: true });
  writeFileSync(script, [...imports, ...body].join("\n"));
  const tsx = path.join(repo, "node_modules/.bin/tsx");
  const { stdout } = await run(tsx, [script], { cwd: storeDir, env: { ...process.env, DIMEXP_TRACKING_URI: "" } });
  expect(stdout).toContain("[ 'run-cgs', 'run-si' ]");
  expect(stdout).toContain("[ 'run-cgs: 150000 erg' ]");
  expect(stdout).toContain("run-cgs / run-si = 0.75");
  // The default store is ./dimexp.db in the working directory.
  expect(readFileSync(path.join(storeDir, "dimexp.db")).subarray(0, 15).toString()).toBe("SQLite format 3");
}, 60_000);
