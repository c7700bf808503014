// Numbers for people (tables, chart labels, terminal output): a few
// significant digits, trailing zeros dropped, an exponent when the number is
// very large or small. The CLI shows 6 digits, the charts 4; one function so
// the two rules cannot drift apart in anything but their options.

export interface ShortNumberOptions {
  /** significant digits, a whole number from 1 to 17 (default 4) */
  readonly digits?: number;
  /** magnitudes from here up get an exponent (default 1e5); below 0.001 always do */
  readonly exponentFrom?: number;
}

/**
 * `digits` significant digits, with an exponent outside [0.001, exponentFrom):
 * with the defaults 0.001234, 1.2e-4, 1200, 9.362e14; with { digits: 6, exponentFrom: 1e6 }
 * 0.0123457, 17570.3, 5.16646e-5, 4.01e7. NaN, ±Infinity and zero as String() spells them.
 * Throws a RangeError for digits outside 1…17 (a programming error, not data).
 */
export const shortNumber = (value: number, options: ShortNumberOptions = {}): string => {
  const digits = options.digits ?? 4;
  const exponentFrom = options.exponentFrom ?? 1e5;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(`shortNumber: digits must be a whole number from 1 to 17, not ${digits}`);
  }
  if (!Number.isFinite(value) || value === 0) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= exponentFrom || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(digits)));
};
