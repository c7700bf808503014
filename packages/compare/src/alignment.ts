// How each run's history becomes the one number (or the curve) compared.

export type Alignment =
  /** the value at each run's last logged step (the default; needs no history) */
  | "last"
  /** each run's smallest value (NaN ignored) */
  | "min"
  /** each run's largest value (NaN ignored) */
  | "max"
  /** the value at this step: exact when logged, linear between the logged neighbours, excluded outside the run's range */
  | { readonly at: number }
  /**
   * whole curves, linearly interpolated onto one step grid: the union of every
   * run's steps ("interpolate" or { interpolate: "union" }), the baseline run's
   * steps, or the steps given. The compared number is each curve's value at the
   * last grid step every run covers.
   */
  | "interpolate"
  | { readonly interpolate: "union" | "baseline" | ArrayLike<number> };

export type NormalizedAlignment =
  | { readonly kind: "last" | "min" | "max" }
  | { readonly kind: "at"; readonly step: number }
  | { readonly kind: "interpolate"; readonly grid: "union" | "baseline" | Float64Array };

export const normalizeAlignment = (align: Alignment | undefined): NormalizedAlignment | string => {
  if (align === undefined || align === "last") return { kind: "last" };
  if (align === "min" || align === "max") return { kind: align };
  if (align === "interpolate") return { kind: "interpolate", grid: "union" };
  if (typeof align === "object" && align !== null) {
    if ("at" in align) {
      return Number.isFinite(align.at) ? { kind: "at", step: align.at } : `{ at } needs a finite step, not ${String(align.at)}`;
    }
    if ("interpolate" in align) {
      const grid = align.interpolate;
      if (grid === "union" || grid === "baseline") return { kind: "interpolate", grid };
      if (typeof grid === "object" && grid !== null && typeof grid.length === "number") {
        const steps = Float64Array.from(grid).sort();
        return steps.every(Number.isFinite) ? { kind: "interpolate", grid: steps } : "the interpolation grid must hold finite steps";
      }
    }
  }
  return `expected "last", "min", "max", { at: <step> }, "interpolate" or { interpolate: "union" | "baseline" | <steps> }, not ${JSON.stringify(align)}`;
};

/** "last", "min", "max", "step:<n>", "interpolate", "interpolate:baseline" — the CLI's spelling. */
export const parseAlignment = (text: string): Alignment | undefined => {
  const t = text.trim().toLowerCase();
  if (t === "last" || t === "min" || t === "max" || t === "interpolate") return t;
  if (t === "interpolate:union") return { interpolate: "union" };
  if (t === "interpolate:baseline") return { interpolate: "baseline" };
  const at = /^(?:step|at)[:=](-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/.exec(t);
  if (at) return { at: Number(at[1]) };
  return undefined;
};

export const describeAlignment = (align: NormalizedAlignment): string => {
  switch (align.kind) {
    case "last":
    case "min":
    case "max":
      return align.kind;
    case "at":
      return `step ${align.step}`;
    case "interpolate":
      return typeof align.grid === "string" ? `interpolated (${align.grid} grid)` : `interpolated (${align.grid.length} given steps)`;
  }
};
