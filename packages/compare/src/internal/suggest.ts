// "Did you mean" for run and metric names. Bounded so that hostile input
// (a 1 MB name, 100,000 runs) costs little: edit distances only for short
// inputs against a bounded number of candidates, with an early exit once a
// row exceeds the largest distance worth suggesting.

const MAX_INPUT = 64;
const MAX_CANDIDATES = 5000;

/** Levenshtein distance, or `limit + 1` as soon as it is known to exceed `limit`. */
const boundedDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
};

/** Up to `limit` candidates close to `input` (small edit distance, or a prefix), closest first. */
export const closestNames = (input: string, candidates: Iterable<string>, limit = 3): string[] => {
  if (input.length === 0 || input.length > MAX_INPUT) return [];
  const lower = input.toLowerCase();
  const maxDistance = lower.length <= 4 ? 1 : 2;
  const found: Array<{ candidate: string; d: number }> = [];
  let seen = 0;
  for (const candidate of candidates) {
    if (++seen > MAX_CANDIDATES) break;
    if (candidate.length > MAX_INPUT * 2) continue;
    const other = candidate.toLowerCase();
    const d = boundedDistance(lower, other, maxDistance);
    if (d <= maxDistance || other.startsWith(lower)) found.push({ candidate, d });
  }
  return found
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((f) => f.candidate);
};
