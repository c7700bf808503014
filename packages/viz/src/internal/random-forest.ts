// A small, deterministic random-forest regressor, only for feature
// importances: bootstrap samples, CART regression trees grown on squared
// error, and each feature's importance as the total (sample-weighted) impurity
// decrease of its splits, normalised per tree and averaged over the forest —
// scikit-learn's RandomForestRegressor.feature_importances_, which is what
// W&B's parameter-importance panel reports. Seeded: the same inputs give the
// same importances.

export interface ForestOptions {
  readonly trees: number;
  readonly seed: number;
  /** features tried per split, as a fraction of all (1: all, scikit-learn's regressor default) */
  readonly maxFeatures: number;
  readonly minSamplesSplit: number;
  readonly maxDepth: number;
}

export const DEFAULT_FOREST: ForestOptions = { trees: 100, seed: 42, maxFeatures: 1, minSamplesSplit: 2, maxDepth: 32 };

/** mulberry32: a tiny seeded PRNG with good enough statistics for bootstrapping. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const sse = (y: Float64Array, rows: readonly number[]): number => {
  let sum = 0;
  let sq = 0;
  for (const r of rows) {
    const v = y[r] as number;
    sum += v;
    sq += v * v;
  }
  return sq - (sum * sum) / Math.max(1, rows.length);
};

interface Split {
  readonly feature: number;
  readonly threshold: number;
  readonly decrease: number;
}

const bestSplit = (columns: readonly Float64Array[], y: Float64Array, rows: readonly number[], features: readonly number[]): Split | undefined => {
  const n = rows.length;
  let total = 0;
  let totalSq = 0;
  for (const r of rows) {
    total += y[r] as number;
    totalSq += (y[r] as number) ** 2;
  }
  const parent = totalSq - (total * total) / n;
  let best: Split | undefined;
  for (const f of features) {
    const column = columns[f] as Float64Array;
    const sorted = [...rows].sort((a, b) => (column[a] as number) - (column[b] as number));
    let leftSum = 0;
    let leftSq = 0;
    for (let i = 0; i < n - 1; i++) {
      const r = sorted[i] as number;
      leftSum += y[r] as number;
      leftSq += (y[r] as number) ** 2;
      const here = column[r] as number;
      const next = column[sorted[i + 1] as number] as number;
      if (here === next) continue;
      const nl = i + 1;
      const nr = n - nl;
      const rightSum = total - leftSum;
      const rightSq = totalSq - leftSq;
      const children = leftSq - (leftSum * leftSum) / nl + (rightSq - (rightSum * rightSum) / nr);
      const decrease = parent - children;
      if (decrease > 1e-12 * Math.max(1, Math.abs(parent)) && (!best || decrease > best.decrease)) {
        best = { feature: f, threshold: (here + next) / 2, decrease };
      }
    }
  }
  return best;
};

const growTree = (
  columns: readonly Float64Array[],
  y: Float64Array,
  rows: number[],
  depth: number,
  options: ForestOptions,
  random: () => number,
  importances: Float64Array,
): void => {
  if (rows.length < options.minSamplesSplit || depth >= options.maxDepth || sse(y, rows) <= 0) return;
  const all = columns.map((_, i) => i);
  const k = Math.max(1, Math.round(options.maxFeatures * all.length));
  // a partial Fisher–Yates shuffle picks k features without replacement
  for (let i = 0; i < k && k < all.length; i++) {
    const j = i + Math.floor(random() * (all.length - i));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  const split = bestSplit(columns, y, rows, all.slice(0, k));
  if (!split) return;
  importances[split.feature] = (importances[split.feature] as number) + split.decrease;
  const column = columns[split.feature] as Float64Array;
  const left = rows.filter((r) => (column[r] as number) <= split.threshold);
  const right = rows.filter((r) => (column[r] as number) > split.threshold);
  growTree(columns, y, left, depth + 1, options, random, importances);
  growTree(columns, y, right, depth + 1, options, random, importances);
};

/** Feature importances (summing to 1, or all 0 when y does not vary) of a forest fit to columns → y. */
export const forestImportances = (columns: readonly Float64Array[], y: Float64Array, options: ForestOptions = DEFAULT_FOREST): Float64Array => {
  const n = y.length;
  const result = new Float64Array(columns.length);
  if (n < 2 || columns.length === 0) return result;
  const random = seededRandom(options.seed);
  let used = 0;
  for (let t = 0; t < options.trees; t++) {
    const rows = Array.from({ length: n }, () => Math.floor(random() * n));
    const tree = new Float64Array(columns.length);
    growTree(columns, y, rows, 0, options, random, tree);
    const sum = tree.reduce((a, b) => a + b, 0);
    if (sum <= 0) continue;
    for (let f = 0; f < columns.length; f++) result[f] = (result[f] as number) + (tree[f] as number) / sum;
    used++;
  }
  if (used > 0) for (let f = 0; f < columns.length; f++) result[f] = (result[f] as number) / used;
  return result;
};

/** Pearson's linear correlation; NaN when either side does not vary. */
export const pearson = (x: Float64Array, y: Float64Array): number => {
  const n = x.length;
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
};
