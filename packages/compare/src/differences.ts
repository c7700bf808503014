// Differences against a baseline, with their edge cases defined:
//
//   absolute = value − baseline                      (in the common unit; a
//                                                     difference of degC is in K)
//   relative = (value − baseline) / |baseline|       so its sign says "above" or
//                                                     "below" even for a negative
//                                                     baseline (−2 vs −4: +0.5)
//   relative at a zero baseline                      NaN (undefined), with one
//                                                     ZeroBaseline warning per metric
//   NaN anywhere                                      NaN
//
// The baseline is a chosen run's value or, without one, the mean of the
// compared runs' values (NaN values left out of the mean).

export const absoluteDifference = (value: number, baseline: number): number => value - baseline;

export const relativeDifference = (value: number, baseline: number): number =>
  baseline === 0 ? Number.NaN : (value - baseline) / Math.abs(baseline);

/** The mean of the finite-or-infinite (non-NaN) values; NaN when there are none. */
export const meanOf = (values: ArrayLike<number>): number => {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
};
