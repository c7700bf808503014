/** Levenshtein distance; inputs here are command and group names, a few letters long. */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
};

/** Candidates within a small edit distance of `input`, closest first. */
export const closestNames = (input: string, candidates: readonly string[], limit = 3): string[] => {
  const lower = input.toLowerCase();
  const maxDistance = lower.length <= 4 ? 1 : 2;
  return candidates
    .map((candidate) => ({ candidate, d: distance(lower, candidate.toLowerCase()) }))
    .filter(({ d, candidate }) => d <= maxDistance || candidate.toLowerCase().startsWith(lower))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
};

/** ` Did you mean "a" or "b"?` or the empty string. */
export const didYouMean = (input: string, candidates: readonly string[]): string => {
  const close = closestNames(input, candidates);
  if (close.length === 0) return "";
  const quoted = close.map((name) => `"${name}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
};
