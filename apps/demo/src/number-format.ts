// Numbers as the demo prints them: 4 significant digits, trailing zeros
// dropped, an exponent outside [1e-3, 1e5): 1.163e-4, 17570, 0.9871, 5.393e7.

export const num = (value: number, digits = 4): string => {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(digits)));
};
