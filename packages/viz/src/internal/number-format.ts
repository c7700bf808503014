// Tick labels that stay short whatever the magnitude. Vega's default labels
// write every digit: an energy in eV reads "12,000,000,000,000,000,000" and
// one in EJ "0.00000000000000000012". The data's range picks the notation:
//
//   |x| up to 1e5 (and from 1e-3)   plain          0.25, 1,200, 42
//   1e5 ≤ |x| < 1e27                SI prefixes    400k, 1.2M, 12G (one prefix per axis)
//   smaller, larger, or spanning    scientific     1.2e-19, 4e+30 (0 stays "0")
//
// Small values get scientific notation, not prefixes: "40m" on a metre axis
// would read as 40 metres, and "40z" (zepto) is no help to anyone.

/** d3-format specifiers (as Vega-Lite's `format`) and a labelExpr, for an axis. */
export interface AxisNumberFormat {
  readonly format?: string;
  readonly labelExpr?: string;
}

const PLAIN: AxisNumberFormat = {};
const SI: AxisNumberFormat = { format: "~s" };
// d3's "e" writes 0 as "0e+0"
const SCIENTIFIC: AxisNumberFormat = { format: "~e", labelExpr: "datum.value === 0 ? '0' : datum.label" };

const magnitudes = (values: Iterable<number>): { min: number; max: number } | undefined => {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const v of values) {
    const a = Math.abs(v);
    if (!Number.isFinite(a) || a === 0) continue;
    if (a < min) min = a;
    if (a > max) max = a;
  }
  return max > 0 ? { min, max } : undefined;
};

/**
 * The notation for an axis showing `values`. On a linear scale the ticks are
 * multiples of a step near max/10, so the largest magnitude decides; on a log
 * scale the ticks run from the smallest to the largest, so both do.
 */
export const axisNumberFormat = (values: Iterable<number>, scale: "linear" | "log" = "linear"): AxisNumberFormat => {
  const m = magnitudes(values);
  if (!m) return PLAIN;
  const low = scale === "log" ? m.min : m.max;
  if (m.max >= 1e27 || low < 1e-3) return SCIENTIFIC;
  if (m.max < 1e5) return PLAIN;
  // prefixes down to 1 on a log axis (no milli/micro labels beside the unit)
  return scale === "log" && m.min < 1 ? SCIENTIFIC : SI;
};

/** For tooltips: six significant digits, an exponent when needed. */
export const TOOLTIP_FORMAT = ".6~g";

/** 4 significant digits, with an exponent outside 0.001…100000: 0.00012, 1200, 9.362e14. */
export const shortNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential(3).split("e") as [string, string];
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(4)));
};
