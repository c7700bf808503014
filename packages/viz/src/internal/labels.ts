import type { RunRef } from "@dimexp/compare";

/** Run names as chart labels; a name used by several runs gets its id's first characters. */
export const runLabels = (runs: readonly RunRef[]): Map<string, string> => {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (const r of runs) labels.set(r.id, (counts.get(r.name) ?? 0) > 1 && r.id !== r.name ? `${r.name} (${r.id.slice(0, 8)})` : r.name);
  return labels;
};
