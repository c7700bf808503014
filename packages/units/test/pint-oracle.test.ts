// Our conversions against pint's. The vectors in fixtures/pint-vectors.json are
// pint's answers, written by scripts/pint-vectors.py; the second test re-runs
// that script so the committed file cannot drift from what pint really says.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { convertValue } from "../src/index.js";

interface PintCase {
  readonly value: number;
  readonly from: string;
  readonly to: string;
  readonly context?: string;
  readonly expected: number;
  readonly pintFrom: string;
  readonly pintTo: string;
  readonly pintVia?: string;
  readonly oracle: string;
  /** relative tolerance for a whole class (measured constants), with its reason */
  readonly tolerance?: number;
  readonly toleranceReason?: string;
}

interface PintVectors {
  readonly generator: string;
  readonly pint: string;
  readonly cases: readonly PintCase[];
}

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = join(packageDir, "..", "..");
const vectorsPath = join(packageDir, "test", "fixtures", "pint-vectors.json");
const generator = join(packageDir, "scripts", "pint-vectors.py");
const venvPython = join(repoRoot, "tooling", "python", ".venv", "bin", "python");

const DEFAULT_TOLERANCE = 1e-12;
const ABSOLUTE_TOLERANCE = 1e-300;

const readVectors = (path: string): PintVectors => JSON.parse(readFileSync(path, "utf8")) as PintVectors;
const vectors = readVectors(vectorsPath);

const caseName = (c: PintCase): string => `${c.value} ${c.from} -> ${c.to}${c.context ? ` [${c.context}]` : ""}`;

describe("conversions agree with pint", () => {
  it(`has at least 300 cases from ${vectors.generator} (pint ${vectors.pint})`, () => {
    expect(vectors.generator).toBe("scripts/pint-vectors.py");
    expect(vectors.cases.length).toBeGreaterThanOrEqual(300);
    const names = vectors.cases.map(caseName);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(vectors.cases.map((c) => [caseName(c), c] as const))("%s", (_name, c) => {
    const result = convertValue(c.value, c.from, c.to, c.context ? { context: c.context } : {});
    if (result._tag === "Left") expect.fail(`pint says ${c.expected}; we refused: ${result.left.message}`);
    const ours = result.right;
    const tolerance = c.tolerance ?? DEFAULT_TOLERANCE;
    const allowed = Math.max(tolerance * Math.abs(c.expected), ABSOLUTE_TOLERANCE);
    const why = c.toleranceReason ? ` (tolerance ${tolerance}: ${c.toleranceReason})` : "";
    expect(
      Math.abs(ours - c.expected),
      `ours ${ours}, pint ${c.expected} (${c.pintFrom} -> ${c.pintTo}, ${c.oracle}${c.pintVia ? ` via ${c.pintVia}` : ""})${why}`,
    ).toBeLessThanOrEqual(allowed);
  });
});

// CI is on for any value but the usual "off" spellings, as in tooling/scripts/setup.sh.
const inCI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
const haveVenv = existsSync(venvPython);

/**
 * Units in the last place between two doubles; pint's logarithmic units go
 * through numpy's exp/log, whose CPU-dispatched (SIMD) versions may round the
 * last bit differently on another machine.
 */
const ulpsApart = (a: number, b: number): number => {
  if (a === b) return 0;
  const view = new DataView(new ArrayBuffer(8));
  const ordered = (x: number): bigint => {
    view.setFloat64(0, x);
    const bits = view.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
};

describe("the committed vectors are pint's answers", () => {
  const title = "regenerating them with pint gives the same cases";
  if (!haveVenv && !inCI) {
    it.skip(`${title} (skipped: no Python venv at tooling/python/.venv; run \`npm run setup\`)`, () => {});
    return;
  }
  it(title, () => {
    if (!haveVenv) {
      expect.fail(`CI: the pint oracle needs the Python venv at ${venvPython}, which is missing: run \`npm run setup\``);
    }
    const dir = mkdtempSync(join(tmpdir(), "dimexp-pint-"));
    try {
      const out = join(dir, "pint-vectors.json");
      execFileSync(venvPython, [generator, "--out", out], { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
      const fresh = readVectors(out);
      expect(fresh.pint).toBe(vectors.pint);
      expect(fresh.cases.length).toBe(vectors.cases.length);
      const strip = ({ expected: _e, ...rest }: PintCase) => rest;
      expect(fresh.cases.map(strip)).toEqual(vectors.cases.map(strip));
      const drifted = fresh.cases
        .map((c, i) => ({ name: caseName(c), fresh: c.expected, committed: vectors.cases[i]?.expected ?? Number.NaN }))
        .filter((d) => !(ulpsApart(d.fresh, d.committed) <= 2));
      expect(drifted, "expected values that pint now answers differently").toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
