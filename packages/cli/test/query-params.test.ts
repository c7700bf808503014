// The dashboard API's ids: whatever a backend hands out (MLflow's numbers,
// local hex, W&B's base-36 and project names with spaces or "+"), but nothing
// that cannot travel in a path segment or a comma-separated list, and no
// control character — C1 included (U+009B is a terminal's CSI).

import { describe, expect, it } from "vitest";
import { checkId } from "../src/ui/query-params.js";

const accepted = (id: string): boolean => {
  try {
    return checkId("run", id) === id;
  } catch {
    return false;
  }
};

describe("checkId", () => {
  it("takes every backend's ids", () => {
    for (const id of ["1", "0123456789abcdef0123456789abcdef", "u5zycrk8", "my project+x", "_private", "a".repeat(128), "日本語"]) {
      expect(accepted(id), JSON.stringify(id)).toBe(true);
    }
  });

  it("refuses separators, a leading space, over-long ids and control characters", () => {
    for (const id of ["", " lead", "a/b", "a\\b", "a,b", "a".repeat(129), "a\u0000b", "a\nb", "a\u001bb", "a\u007fb", "a\u0085b", "a\u009b2J"]) {
      expect(accepted(id), JSON.stringify(id)).toBe(false);
    }
  });

  it("says what an id may be", () => {
    expect(() => checkId("run", "a/b")).toThrow(/1–128 characters, not starting with a space, without "\/", "\\", "," or control characters/);
  });
});
