// Splitting batches within the server's limits (plan.ts), without a server.
import type { KeyValue } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import type { KeyCursor } from "../src/internal/fidelity.js";
import { LIMITS, planBatch } from "../src/internal/plan.js";
import { batch, series } from "./helpers.js";

const RUN = "0123456789abcdef0123456789abcdef";

const plan = (b: Parameters<typeof planBatch>[1], cursors = new Map<string, KeyCursor>()) => {
  let seq = 0;
  return planBatch(RUN, b, cursors, () => (++seq).toString(36).padStart(11, "0"));
};

const parsed = (body: string) =>
  JSON.parse(body) as {
    run_id: string;
    params: KeyValue[];
    tags: KeyValue[];
    metrics: Array<{ key: string; value: number | string; timestamp: number | string; step: number | string }>;
  };

const withinLimits = (body: string) => {
  const b = parsed(body);
  expect(b.metrics.length).toBeLessThanOrEqual(LIMITS.metrics);
  expect(b.params.length).toBeLessThanOrEqual(LIMITS.params);
  expect(b.tags.length).toBeLessThanOrEqual(LIMITS.tags);
  expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(LIMITS.entities);
  expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1_000_000);
  for (const t of b.tags) expect(t.value.length).toBeLessThanOrEqual(8000);
};

describe("planBatch", () => {
  it("splits 100,000 points into chunks of at most 1000, keeping every point once and in order", () => {
    const n = 100_000;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i));
    const p = plan(batch({ metrics: [series("wave", values)] }));
    expect(p.chunks.length).toBe(100);
    expect(p.points).toBe(n);
    const sent = p.chunks.flatMap((c) => {
      withinLimits(c.body);
      expect(c.witness?.key).toBe("wave");
      return parsed(c.body).metrics;
    });
    expect(sent.map((m) => m.value)).toEqual(values);
    expect(sent.every((m, i) => m.step === i)).toBe(true);
  });

  it("spells NaN and ±Infinity as strings, and sends integers only", () => {
    const p = plan(
      batch({
        metrics: [
          {
            key: "x",
            values: Float64Array.from([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e21]),
            steps: Float64Array.from([0, 1.5, 2 ** 60, 3, 4]),
            timestamps: Float64Array.from([1, 2, 3.75, 4, 5]),
          },
        ],
      }),
    );
    const body = p.chunks[0]?.body as string;
    expect(body).toContain('"value":"NaN"');
    expect(body).toContain('"value":"Infinity"');
    expect(body).toContain('"value":"-Infinity"');
    expect(body).not.toContain("null");
    const m = parsed(body).metrics;
    expect(m.map((x) => x.step)).toEqual([0, 1, "1152921504606846976", 3, 4]);
    expect(m.map((x) => x.timestamp)).toEqual([1, 2, 3, 4, 5]);
    // exact values travel in a fix tag of the same request
    const fix = parsed(body).tags.find((t) => t.key.startsWith("dimexp.fix."));
    expect(JSON.parse(fix?.value ?? "{}")).toEqual({
      k: "x",
      p: [
        [2, 1.5, "Infinity"],
        [3.75, 2 ** 60, "-Infinity"],
        [4, 3, "-0"],
      ],
    });
  });

  it("respects 100 params, 100 tags and 1 MB per request, params first", () => {
    const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: "v".repeat(5000) }));
    const tags = Array.from({ length: 250 }, (_, i) => ({ key: `t${i}`, value: "w".repeat(7000) }));
    const p = plan(batch({ params, tags, metrics: [series("loss", Array.from({ length: 2500 }, (_, i) => i))] }));
    for (const c of p.chunks) withinLimits(c.body);
    const bodies = p.chunks.map((c) => parsed(c.body));
    expect(bodies.flatMap((b) => b.params.map((x) => x.key))).toEqual(params.map((x) => x.key));
    expect(bodies.flatMap((b) => b.tags.map((x) => x.key))).toEqual(tags.map((x) => x.key));
    expect(bodies.reduce((n, b) => n + b.metrics.length, 0)).toBe(2500);
    // every chunk with params comes before the first chunk without
    const lastWithParams = bodies.map((b) => b.params.length > 0).lastIndexOf(true);
    expect(p.headCount).toBeGreaterThan(lastWithParams);
    expect(bodies.slice(0, p.headCount).every((b) => b.metrics.length === 0)).toBe(true);
  });

  it("keeps fix tags under 8000 characters and within the tag limit", () => {
    const n = 5000;
    const p = plan(
      batch({
        metrics: Array.from({ length: 300 }, (_, k) => series(`k${k}`, Array.from({ length: n / 300 }, () => Number.POSITIVE_INFINITY))),
      }),
    );
    for (const c of p.chunks) withinLimits(c.body);
  });

  it("gives no witness that a later chunk repeats", () => {
    const cursors = new Map<string, KeyCursor>();
    // 1500 points, then the first 1000 again (out of order): the repeats must not vouch for chunk 0
    const values = Array.from({ length: 1500 }, (_, i) => i);
    const p = plan(
      batch({
        metrics: [
          {
            key: "x",
            values: Float64Array.from([...values, ...values.slice(0, 1000)]),
            steps: Float64Array.from([...values, ...values.slice(0, 1000)]),
            timestamps: Float64Array.from([...values, ...values.slice(0, 1000)].map((i) => 1000 + i)),
          },
        ],
      }),
      cursors,
    );
    expect(p.chunks[0]?.witness).toBeUndefined();
    expect(p.chunks[1]?.witness?.identity).toBe("2000|1000|1000");
  });
});
