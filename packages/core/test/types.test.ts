// Type tests (checked by `pnpm typecheck`, tsc over src and test): the public
// result policy — Promise defaults, `…Task` twins returning fp-ts TaskEither,
// sync Either — and withRun's overloads.
import type { Either } from "fp-ts/lib/Either.js";
import type { TaskEither } from "fp-ts/lib/TaskEither.js";
import { describe, expectTypeOf, test } from "vitest";
import {
  type ActiveRun,
  type CoreError,
  DimExperiment,
  type ExperimentBackend,
  type Query,
  type ResolvedBackend,
  type Run,
  type SyncReport,
  type TrackingUriKind,
  classifyTrackingUri,
  findRuns,
  findRunsTask,
  openBackend,
  openBackendTask,
  parseQuery,
  resolveBackend,
  resolveBackendTask,
  syncExperiments,
  syncExperimentsTask,
} from "../src/index.js";

// Only the types matter: the calls below sit in functions that never run.
const exp = undefined as unknown as DimExperiment;

describe("withRun's overloads", () => {
  test("(name, body) and (name, options, body) return the body's value", () => {
    expectTypeOf(overloads).toBeFunction();
  });
  const overloads = (): void => {
    expectTypeOf(exp.withRun("a", (run) => 42)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(exp.withRun("a", async (run) => "done")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(exp.withRun("a", { tags: { k: "v" } }, (run) => true)).toEqualTypeOf<Promise<boolean>>();
    exp.withRun("a", (run) => expectTypeOf(run).toEqualTypeOf<ActiveRun>());
    exp.withRun("a", { startTime: 0 }, (run) => expectTypeOf(run).toEqualTypeOf<ActiveRun>());
    // @ts-expect-error options are not a body
    exp.withRun("a", { tags: { k: "v" } });
    // @ts-expect-error a bad option is refused
    exp.withRun("a", { startTime: "yesterday" }, () => 1);
  };
});

describe("Promise defaults and their …Task twins", () => {
  test("DimExperiment", () => {
    expectTypeOf(facade).toBeFunction();
  });
  const facade = (): void => {
    expectTypeOf(DimExperiment.open).returns.toEqualTypeOf<Promise<DimExperiment>>();
    expectTypeOf(exp.listRuns).returns.toEqualTypeOf<Promise<Run[]>>();
    expectTypeOf(exp.listRunsTask).returns.toEqualTypeOf<TaskEither<CoreError, Run[]>>();
    expectTypeOf(exp.getRun).returns.toEqualTypeOf<Promise<Run>>();
    expectTypeOf(exp.getRunTask).returns.toEqualTypeOf<TaskEither<CoreError, Run>>();
  };

  test("findRuns, syncExperiments, openBackend, resolveBackend", () => {
    expectTypeOf(findRuns).returns.toEqualTypeOf<Promise<Run[]>>();
    expectTypeOf(findRunsTask).returns.toEqualTypeOf<TaskEither<CoreError, Run[]>>();
    expectTypeOf(syncExperiments).returns.toEqualTypeOf<Promise<SyncReport>>();
    expectTypeOf(syncExperimentsTask).returns.toEqualTypeOf<TaskEither<CoreError, SyncReport>>();
    expectTypeOf(openBackend).returns.toEqualTypeOf<Promise<ExperimentBackend>>();
    expectTypeOf(openBackendTask).returns.toEqualTypeOf<TaskEither<CoreError, ExperimentBackend>>();
    expectTypeOf(resolveBackend).returns.toEqualTypeOf<Promise<ResolvedBackend>>();
    expectTypeOf(resolveBackendTask).returns.toEqualTypeOf<TaskEither<CoreError, ResolvedBackend>>();
  });

  test("sync functions that can fail on input return Either", () => {
    expectTypeOf(classifyTrackingUri).returns.toEqualTypeOf<Either<CoreError, TrackingUriKind>>();
    expectTypeOf(parseQuery).returns.toMatchTypeOf<Either<CoreError, Query>>();
  });
});
