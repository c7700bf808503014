// Charts a person can read whatever the magnitudes: tick labels pick SI
// prefixes or scientific notation from the data's range (no
// "12,000,000,000,000,000,000" in eV, no 20-digit decimals in EJ), a run with
// one point is drawn as a point, and parallel-coordinates titles do not
// overlap. Checked on rendered SVGs: the text elements are parsed and each
// tick label's length bounded.

import { describe, expect, test } from "vitest";
import type { RunSeries } from "@dimexp/compare";
import { metricHistorySpec, parallelCoordinatesSpec, paramScatterSpec, runComparisonSpec } from "../src/index.js";
import { renderSvg } from "../src/render/index.js";
import { compare } from "./fixtures.js";
import { q } from "@dimexp/units";

interface SvgText {
  readonly text: string;
  readonly x: number;
  readonly anchor: string;
  readonly fontSize: number;
}

const decode = (t: string): string =>
  t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** The <text> elements of the SVG groups with this role (e.g. axis labels), with position and size. */
const textsOfRole = (svg: string, role: string): SvgText[] => {
  const out: SvgText[] = [];
  for (const group of svg.matchAll(new RegExp(`<g class="[^"]*role-${role}[^"]*"[^>]*>(.*?)</g>`, "g"))) {
    for (const t of (group[1] as string).matchAll(/<text([^>]*)>(.*?)<\/text>/g)) {
      const attributes = t[1] as string;
      out.push({
        text: decode(t[2] as string),
        x: Number(/translate\(([-\d.]+)/.exec(attributes)?.[1] ?? Number.NaN),
        anchor: /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? "start",
        fontSize: Number(/font-size="([\d.]+)px"/.exec(attributes)?.[1] ?? 10),
      });
    }
  }
  return out;
};

/** Each axis' labels and title, axis by axis (Vega draws an axis as one "role-axis" group). */
const axes = (svg: string): Array<{ title: string; labels: string[] }> =>
  svg
    .split('class="mark-group role-axis"')
    .slice(1)
    .map((part) => {
      const labels = /role-axis-label[^>]*>(.*?)<\/g>/.exec(part)?.[1] ?? "";
      const title = /role-axis-title[^>]*>.*?<text[^>]*>(.*?)<\/text>/.exec(part)?.[1] ?? "";
      return { title: decode(title), labels: [...labels.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((t) => decode(t[1] as string)) };
    });

/** The labels of the axis titled `title` (there must be exactly one). */
const labelsOf = async (spec: Parameters<typeof renderSvg>[0], title: string): Promise<string[]> => {
  const found = axes(await renderSvg(spec)).filter((a) => a.title === title);
  expect(found.map((a) => a.title)).toEqual([title]);
  return (found[0] as { labels: string[] }).labels;
};

/** Short enough to read at a glance: "1.25e-20", "−400k", "12G", "0.25". */
const MAX_LABEL = 8;

const expectReadable = (labels: readonly string[], context: string): void => {
  expect(labels.length, context).toBeGreaterThan(2);
  for (const label of labels) {
    expect(label.length, `${context}: tick label "${label}"`).toBeLessThanOrEqual(MAX_LABEL);
    expect(label, context).not.toContain("…");
    expect(label, context).not.toMatch(/0{6}|,\d{3},\d{3}/);
  }
  // the labels of one axis tell its ticks apart
  expect(new Set(labels).size, `${context}: ${labels.join(" | ")}`).toBe(labels.length);
};

const runsAt = (exponent: number, unit = "J"): RunSeries[] =>
  [1.25, 2.5, 4.1].map((m, i) => ({
    name: `run-${i}`,
    metrics: { loss: { steps: [0, 1, 2, 3], values: [m, m * 1.1, m * 1.3, m * 1.2].map((v) => v * 10 ** exponent), unit } },
    params: { domain_length: q(m * 10 ** -exponent, "m") },
  }));

describe("tick labels from 1e-20 to 1e20", () => {
  test("history charts, linear: every tick label is short at every magnitude, positive and negative", async () => {
    for (let exponent = -20; exponent <= 20; exponent++) {
      for (const sign of exponent % 5 === 0 ? [1, -1] : [1]) {
        const runs = runsAt(exponent).map((r) => {
          const loss = r.metrics.loss as { steps: number[]; values: number[]; unit: string };
          return { ...r, metrics: { loss: { ...loss, values: loss.values.map((v) => sign * v) } } };
        });
        expectReadable(await labelsOf(metricHistorySpec(compare(runs), "loss"), "loss [J]"), `1e${exponent}${sign < 0 ? " (negative)" : ""}`);
      }
    }
  });

  test("one log axis across 40 decades", async () => {
    const wide: RunSeries[] = [{ name: "wide", metrics: { loss: { values: Array.from({ length: 41 }, (_, i) => 3 * 10 ** (i - 20)), unit: "J" } } }];
    const labels = await labelsOf(metricHistorySpec(compare(wide), "loss", { yScale: "log" }), "loss [J]");
    expectReadable(labels, "log 1e-20…1e20");
    expect(labels).toContain("1e-20");
    expect(labels).toContain("1e+20");
  });

  test("an energy in eV and in EJ: SI prefixes, scientific notation", async () => {
    // ~12 GeV per run, logged in J
    const joules: RunSeries[] = [1.2, 1.5, 1.9].map((g, i) => ({ name: `r${i}`, metrics: { loss: { values: [g * 1.602176634e-9, g * 1.7e-9], unit: "J" } } }));
    const inEv = await labelsOf(metricHistorySpec(compare(joules), "loss", { unit: "eV" }), "loss [eV]");
    expectReadable(inEv, "eV");
    expect(inEv.some((l) => /^\d+(\.\d+)?G$/.test(l)), inEv.join(" | ")).toBe(true);
    const inEJ = await labelsOf(metricHistorySpec(compare(joules), "loss", { unit: "EJ" }), "loss [EJ]");
    expectReadable(inEJ, "EJ");
    expect(inEJ.some((l) => /e-27$/.test(l)), inEJ.join(" | ")).toBe(true);
  });

  test("bar and scatter charts too (both axes of the scatter)", async () => {
    for (const exponent of [-20, -9, -3, 0, 4, 9, 15, 20]) {
      const c = compare(runsAt(exponent));
      expectReadable(await labelsOf(runComparisonSpec(c, "loss"), "loss [J]"), `bars 1e${exponent}`);
      const scatter = paramScatterSpec(c, "domain_length", "loss");
      for (const title of ["domain_length [m]", "loss [J]"]) expectReadable(await labelsOf(scatter, title), `scatter 1e${exponent} / 1e${-exponent}: ${title}`);
    }
  });

  test("parallel coordinates write each axis' min and max short", async () => {
    const texts = textsOfRole(await renderSvg(parallelCoordinatesSpec(compare(runsAt(20)))), "mark").map((t) => t.text);
    // loss 1.5e20…4.92e20 J (last values), domain_length 1.25e-20…4.1e-20 m
    expect(texts).toEqual(expect.arrayContaining(["1.5e20", "4.92e20", "1.25e-20", "4.1e-20"]));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(MAX_LABEL);
  });
});

describe("a run with one point", () => {
  test("is drawn as a point (a line through one point draws nothing)", async () => {
    const runs: RunSeries[] = [
      { name: "one", metrics: { loss: { values: [2], unit: "J" } } },
      { name: "many", metrics: { loss: { values: [1, 3, 2], unit: "J" } } },
    ];
    const svg = await renderSvg(metricHistorySpec(compare(runs), "loss"));
    const symbols = [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/g)].flatMap((g) => [...(g[1] as string).matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1] as string));
    expect(symbols).toEqual(["step: 0; loss [J]: 2; run: one"]);
  });
});

describe("parallel coordinates", () => {
  test("axis titles do not overlap, however long, and are not cut below the cap", async () => {
    const long: RunSeries[] = [0, 1, 2].map((i) => ({
      name: `run-${i}`,
      metrics: { thermal_energy_through_the_rod: { values: [240 + i], unit: "J" }, loss: { values: [0.1 * (i + 1)], unit: "J" } },
      params: {
        thermal_conductivity_of_copper: q(401 + i, "W/(m*K)"),
        domain_length: q(1 + i, "m"),
        heat_capacity_per_unit_mass: q(385 + i, "J/(kg*K)"),
        x: q(i, "s"),
      },
    }));
    const c = compare(long.map((r) => ({ ...r, metrics: { loss: r.metrics.loss } })));
    const withMetric = (() => {
      const result = compare(long);
      return result;
    })();
    for (const [comparison, metrics] of [
      [c, ["loss"]],
      [withMetric, ["loss"]],
    ] as const) {
      const svg = await renderSvg(parallelCoordinatesSpec(comparison, { metrics: [...metrics] }));
      const labels = textsOfRole(svg, "axis-label");
      expect(labels.length).toBe(5);
      const extents = labels
        .map((l) => {
          const width = 0.8 * l.fontSize * [...l.text].length;
          const left = l.anchor === "middle" ? l.x - width / 2 : l.anchor === "end" ? l.x - width : l.x;
          return { text: l.text, left, right: left + width };
        })
        .sort((a, b) => a.left - b.left);
      for (const l of labels) expect(l.text).not.toContain("…");
      for (let i = 1; i < extents.length; i++) {
        const [a, b] = [extents[i - 1], extents[i]] as [(typeof extents)[0], (typeof extents)[0]];
        expect(a.right, `"${a.text}" runs into "${b.text}"`).toBeLessThanOrEqual(b.left);
      }
    }
  });
});
