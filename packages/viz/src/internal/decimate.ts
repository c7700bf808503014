// Long histories are thinned before they go into a spec (a chart of 50,000
// points per run is megabytes of JSON and no more readable). Each bucket keeps
// its smallest and largest point, so spikes and the curve's envelope survive;
// the first and last points are always kept.

export const decimate = (steps: Float64Array, values: Float64Array, maxPoints: number): number[] => {
  const n = steps.length;
  if (n <= maxPoints || maxPoints < 4) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor((maxPoints - 2) / 2);
  const size = (n - 2) / buckets;
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * size);
    const end = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < (values[lo] as number)) lo = i;
      if (hi < 0 || v > (values[hi] as number)) hi = i;
    }
    if (lo < 0) continue;
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  keep.push(n - 1);
  return keep;
};
