// The fix entries (fidelity.ts) against a model of the server: whatever is
// logged, storing it the way MLflow does (int64 steps and timestamps,
// ±Infinity clamped, -0 lost, sorted by (timestamp, step, value), exact
// primary-key repeats collapsed) and reconstructing gives back the points in
// logging order, exactly.
import { describe, expect, it } from "vitest";
import { type FixEntry, type KeyCursor, type Point, classify, reconstruct } from "../src/internal/fidelity.js";
import { storedInt, storedValue } from "../src/internal/wire.js";

/** What the server keeps and returns for these points. */
const serverView = (points: readonly Point[]) => {
  const rows = new Map<string, { ts: number; step: number; value: number; sort: number }>();
  for (const p of points) {
    const v = storedValue(p.value);
    const row = { ts: storedInt(p.ts), step: storedInt(p.step), value: v, sort: Number.isNaN(v) ? 0 : v };
    rows.set(`${row.ts}|${row.step}|${Number.isNaN(v) ? "NaN" : v}`, row);
  }
  const sorted = [...rows.values()].sort((a, b) => a.ts - b.ts || a.step - b.step || a.sort - b.sort || (Number.isNaN(a.value) ? 1 : 0) - (Number.isNaN(b.value) ? 1 : 0));
  return {
    ts: Float64Array.from(sorted.map((r) => r.ts)),
    step: Float64Array.from(sorted.map((r) => r.step)),
    value: Float64Array.from(sorted.map((r) => r.value)),
  };
};

const roundTrip = (points: readonly Point[], split = 0) => {
  const cursor: KeyCursor = { high: undefined, last: undefined };
  const entries: FixEntry[] = [];
  points.forEach((p, i) => {
    if (split > 0 && i === split) JSON.stringify(cursor); // batches share the cursor
    const { entry } = classify(cursor, p);
    if (entry) entries.push(JSON.parse(JSON.stringify(entry)) as FixEntry); // as stored in a tag
  });
  const got = reconstruct(serverView(points), entries);
  return { got, entries };
};

const expectExact = (points: readonly Point[], got: { ts: Float64Array; step: Float64Array; value: Float64Array }) => {
  expect(got.ts.length).toBe(points.length);
  points.forEach((p, i) => {
    expect(Object.is(got.ts[i], p.ts), `ts ${i}: ${got.ts[i]} vs ${p.ts}`).toBe(true);
    expect(Object.is(got.step[i], p.step), `step ${i}: ${got.step[i]} vs ${p.step}`).toBe(true);
    expect(Object.is(got.value[i], p.value), `value ${i}: ${got.value[i]} vs ${p.value}`).toBe(true);
  });
};

describe("fix entries", () => {
  it("cost nothing for ordinary points", () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ ts: 1_700_000_000_000 + (i >> 3), step: i, value: Math.sin(i) }));
    const { got, entries } = roundTrip(points);
    expect(entries).toEqual([]);
    expectExact(points, got);
  });

  it("restore ±Infinity, -0, NaN and fractional or huge steps and timestamps", () => {
    const t0 = 1_700_000_000_000;
    const points: Point[] = [
      { ts: t0, step: 0, value: 1.5 },
      { ts: t0 + 1, step: 1, value: Number.NaN },
      { ts: t0 + 2, step: 2, value: Number.POSITIVE_INFINITY },
      { ts: t0 + 3, step: 3, value: Number.NEGATIVE_INFINITY },
      { ts: t0 + 4, step: 4, value: -0 },
      { ts: t0 + 5, step: 5, value: 1.7976931348623157e308 },
      { ts: t0 + 6, step: 6.5, value: 2 },
      { ts: t0 + 7.25, step: 7, value: 3 },
      { ts: t0 + 8, step: -0, value: 4 },
      { ts: t0 + 9, step: 2 ** 70, value: 5 },
    ];
    const { got, entries } = roundTrip(points);
    expect(entries.length).toBe(7);
    expectExact(points, got);
  });

  it("restore logging order when timestamps go back (the contract's second batch)", () => {
    const t0 = 1_700_000_000_000;
    const first = [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-300, 1.7976931348623157e308].map((value, i) => ({ ts: t0 + i, step: i, value }));
    const points = [...first, { ts: t0, step: 100, value: 7 }];
    const { got } = roundTrip(points);
    expectExact(points, got);
  });

  it("restore any order, ties included, on random histories", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 60);
      const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];
      const seen = new Set<string>();
      const points: Point[] = [];
      while (points.length < n) {
        const p = {
          ts: 1000 + Math.floor(random() * 8),
          step: Math.floor(random() * 6) - 1 + (random() < 0.1 ? 0.5 : 0),
          value: random() < 0.3 ? (specials[Math.floor(random() * specials.length)] as number) : Math.floor(random() * 4),
        };
        // MLflow keeps one point per (timestamp, step, stored value): identical repeats collapse
        const stored = storedValue(p.value);
        const id = `${storedInt(p.ts)}|${storedInt(p.step)}|${Number.isNaN(stored) ? "NaN" : stored}`;
        if (seen.has(id)) continue;
        seen.add(id);
        points.push(p);
      }
      const { got } = roundTrip(points);
      expectExact(points, got);
    }
  });
});
