// Run references (ids or names) → core Runs, the way compareRuns(exp, names,
// metrics) and `dimexp compare run-si run-cgs` read them. The experiment's
// runs are listed once, so a thousand references cost one listing, not a
// thousand look-ups. An id always wins; a name must be unique in the
// experiment: picking "the newest run-si" silently is how two imports of the
// same file end up compared against themselves, so several runs of one name
// are an AmbiguousRun listing their ids.

import type { MetricHistory, Run } from "@dimexp/core";
import type { Either } from "@dimexp/units";
import {
  type CompareError,
  type RunCandidate,
  ambiguousRun,
  clip,
  emptyArgument,
  invalidOption,
  runLookupFailed,
  unknownRun,
} from "./errors.js";
import { closestNames } from "./internal/suggest.js";

/** Where runs are looked up by name or id: a DimExperiment, or anything shaped like one. */
export interface RunSource {
  /** the experiment's name, for messages */
  readonly name: string;
  /** every run of the experiment (called once per comparison) */
  listRuns(options?: { readonly orderBy?: string }): Promise<readonly Run[]>;
  /** whole histories; when present, compareRuns(source, …) loads them (so `entry.history()` is the full curve) */
  metricHistory?(runIdOrName: string, key: string): Promise<MetricHistory>;
}

/** True for a RunSource (the first argument of compareRuns' by-name form). */
export const isRunSource = (value: unknown): value is RunSource =>
  typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { listRuns?: unknown }).listRuns === "function";

const candidate = (run: Run): RunCandidate => ({ id: run.id, name: run.name, startTime: run.startTime, status: run.status });

/**
 * The runs `references` name, in the order given. Each reference is a run id
 * or the name of exactly one run of the experiment. Errors: EmptyArgument (no
 * references), InvalidOption (a reference that is not a non-empty string, or
 * one run given twice), UnknownRun (with the closest names), AmbiguousRun
 * (with the ids), RunLookupFailed (the listing itself failed).
 */
export const resolveRuns = async (source: RunSource, references: readonly string[]): Promise<Either<CompareError, Run[]>> => {
  if (!Array.isArray(references)) return { _tag: "Left", left: invalidOption("runs", "expected an array of run names or ids") };
  if (references.length === 0) return { _tag: "Left", left: emptyArgument("runs") };
  for (const [i, reference] of references.entries()) {
    if (typeof reference !== "string" || reference.trim() === "") {
      return {
        _tag: "Left",
        left: invalidOption("runs", `item ${i} is ${typeof reference === "string" ? "an empty string" : `a ${typeof reference}`}; give each run's name or id`),
      };
    }
  }
  let runs: readonly Run[];
  try {
    runs = await source.listRuns({ orderBy: "start_time" });
  } catch (error) {
    return { _tag: "Left", left: runLookupFailed(source.name, (error as { error?: unknown }).error ?? error) };
  }
  const byId = new Map<string, Run>();
  const byName = new Map<string, Run[]>();
  for (const run of runs) {
    byId.set(run.id, run);
    const named = byName.get(run.name);
    if (named) named.push(run);
    else byName.set(run.name, [run]);
  }
  const resolved: Run[] = [];
  const given = new Map<string, string>();
  for (const reference of references) {
    let run = byId.get(reference);
    if (!run) {
      const named = byName.get(reference);
      if (!named) {
        const names = byName.size <= 10 ? [...byName.keys()] : [];
        return { _tag: "Left", left: unknownRun(reference, source.name, closestNames(reference, byName.keys()), runs.length, names) };
      }
      if (named.length > 1) {
        const oldestFirst = [...named].sort((a, b) => a.startTime - b.startTime);
        return { _tag: "Left", left: ambiguousRun(reference, source.name, oldestFirst.map(candidate)) };
      }
      run = named[0] as Run;
    }
    const earlier = given.get(run.id);
    if (earlier !== undefined) {
      const as = earlier === reference ? "" : ` (as ${JSON.stringify(clip(earlier, 80))} and ${JSON.stringify(clip(reference, 80))})`;
      return { _tag: "Left", left: invalidOption("runs", `run ${JSON.stringify(clip(run.name, 80))} (${run.id}) is given twice${as}; give each run once`) };
    }
    given.set(run.id, reference);
    resolved.push(run);
  }
  return { _tag: "Right", right: resolved };
};
