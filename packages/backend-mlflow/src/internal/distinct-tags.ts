// The distinct values of some run tags in an experiment — what core's unit-aware
// pushdown asks first (the unit groups of each compared field) — without
// reading every run. MLflow has no DISTINCT, and a run comes back whole (every
// param, metric and tag: ~80 kB for a run of 100 params and 100 metrics), so
// paging through 10,000 runs per tag key took minutes. Instead each key is
// *probed*: one run that has the tag with a value not seen yet
// (`tags.k IS NOT NULL AND tags.k != 'J' AND tags.k != 'erg'`, max_results 1),
// until the server answers none. That is (distinct values + 1) one-run
// searches per key, the keys probed side by side; a probed run's values for
// the other keys count too (units of one run often go together).
//
// Exactness: the last probe, which finds nothing, proves no other value
// exists. A value the filter language cannot quote (both ' and "), many
// values, or a server that answers a run we excluded, turn the rest of that
// key into ordinary paging with the exclusions that could be written: slower,
// never wrong.

import { quote } from "./filter.js";
import { isDeleted } from "./records.js";
import { pool } from "./run-writer.js";
import type { WireRun } from "./wire.js";

export type SearchPage = (filter: string, maxResults: number, pageToken: string | undefined) => Promise<{ runs: WireRun[]; nextPageToken: string | undefined }>;

/** Probes of one key before the rest is paged through (a key with more values is rare: units, not measurements). */
export const MAX_PROBES_PER_KEY = 24;
/** Longest filter a probe may send (tag values may be up to 8000 characters each). */
export const MAX_PROBE_FILTER_CHARS = 20_000;
/** Keys probed at once. */
export const PROBE_CONCURRENCY = 4;

const tagIdentifier = (key: string): string => `tags.\`${key}\``;

/**
 * The distinct values of each tag key over the runs `search` sees. Keys must
 * not contain a backtick (the filter language cannot name them).
 */
export const probeDistinctTagValues = async (search: SearchPage, keys: readonly string[], pageSize: number): Promise<Map<string, Set<string>>> => {
  const found = new Map<string, Set<string>>(keys.map((k) => [k, new Set<string>()]));
  const collect = (runs: readonly WireRun[]): void => {
    for (const run of runs) {
      if (isDeleted(run)) continue;
      for (const t of run.data?.tags ?? []) found.get(t.key)?.add(t.value);
    }
  };

  const probeKey = async (key: string): Promise<void> => {
    const values = found.get(key) as Set<string>;
    for (let probes = 0; ; probes++) {
      const quoted = [...values].map(quote);
      const clauses = [`${tagIdentifier(key)} IS NOT NULL`, ...quoted.filter((q): q is string => q !== undefined).map((q) => `${tagIdentifier(key)} != ${q}`)];
      const filter = clauses.join(" AND ");
      if (quoted.includes(undefined) || probes >= MAX_PROBES_PER_KEY || filter.length > MAX_PROBE_FILTER_CHARS) {
        // page through what is left (a value that cannot be excluded would come back on every probe)
        let pageToken: string | undefined;
        do {
          const page = await search(filter, pageSize, pageToken);
          collect(page.runs);
          pageToken = page.nextPageToken;
        } while (pageToken);
        return;
      }
      const before = values.size;
      const page = await search(filter, 1, undefined);
      if (page.runs.length === 0) return;
      collect(page.runs);
      // the server returned a run the exclusions should have kept out: stop probing, page the rest
      if (values.size === before) probes = MAX_PROBES_PER_KEY - 1;
    }
  };

  await pool(keys, PROBE_CONCURRENCY, probeKey);
  return found;
};
