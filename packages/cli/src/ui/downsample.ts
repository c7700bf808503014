// A chart a thousand pixels wide cannot show 10,000 points per line, and
// shipping and drawing them all is what makes a comparison slow. Min-max
// decimation keeps, for each of maxPoints/2 buckets of consecutive points, the
// lowest and the highest value (in step order), plus the first and last point:
// spikes and the envelope survive, which averaging or striding would lose.

export interface Series {
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
}

/** Indices of the points to keep, ascending. All of them when there are at most maxPoints. */
export const minMaxIndices = (values: Float64Array, maxPoints: number): Uint32Array => {
  const n = values.length;
  if (n <= maxPoints) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const kept = new Uint32Array(buckets * 2 + 2);
  let k = 0;
  kept[k++] = 0;
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    let loValue = values[start] as number;
    let hiValue = loValue;
    for (let i = start + 1; i < end; i++) {
      const v = values[i] as number;
      // NaN never wins a comparison, so a bucket of NaN keeps its first point
      if (v < loValue || Number.isNaN(loValue)) {
        loValue = v;
        lo = i;
      }
      if (v > hiValue || Number.isNaN(hiValue)) {
        hiValue = v;
        hi = i;
      }
    }
    if (lo === hi) kept[k++] = lo;
    else if (lo < hi) {
      kept[k++] = lo;
      kept[k++] = hi;
    } else {
      kept[k++] = hi;
      kept[k++] = lo;
    }
  }
  kept[k++] = n - 1;
  return kept.subarray(0, k);
};

export const pick = (series: Series, indices: Uint32Array): Series => {
  const m = indices.length;
  const steps = new Float64Array(m);
  const values = new Float64Array(m);
  const timestamps = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = indices[j] as number;
    steps[j] = series.steps[i] as number;
    values[j] = series.values[i] as number;
    timestamps[j] = series.timestamps[i] as number;
  }
  return { steps, values, timestamps };
};

export const downsample = (series: Series, maxPoints: number): { series: Series; downsampled: boolean } => {
  if (series.values.length <= maxPoints) return { series, downsampled: false };
  return { series: pick(series, minMaxIndices(series.values, maxPoints)), downsampled: true };
};
