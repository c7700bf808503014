// Type tests (checked by `pnpm typecheck`, tsc over src and test): the result
// policy of viz — sync builders return fp-ts Either, renderers a Promise and
// a `…Task` twin returning fp-ts TaskEither.
import type { Either } from "fp-ts/lib/Either.js";
import type { TaskEither } from "fp-ts/lib/TaskEither.js";
import { describe, expectTypeOf, test } from "vitest";
import {
  type ParameterImportance,
  type TopLevelSpec,
  type UnknownField,
  type VizError,
  arrayProfileSpec,
  metricHistorySpec,
  parallelCoordinatesSpec,
  paramScatterSpec,
  parameterImportance,
  parameterImportanceSpec,
  runComparisonSpec,
} from "../src/index.js";
import {
  type RenderedPng,
  type WrittenChart,
  compileSpec,
  compileSpecTask,
  renderPng,
  renderPngImage,
  renderPngImageTask,
  renderPngTask,
  renderSvg,
  renderSvgTask,
  writeChart,
  writeChartTask,
} from "../src/render/index.js";

describe("viz's result policy", () => {
  test("spec builders return Either", () => {
    expectTypeOf(metricHistorySpec).returns.toEqualTypeOf<Either<VizError, TopLevelSpec>>();
    expectTypeOf(runComparisonSpec).returns.toEqualTypeOf<Either<VizError, TopLevelSpec>>();
    expectTypeOf(paramScatterSpec).returns.toEqualTypeOf<Either<VizError, TopLevelSpec>>();
    expectTypeOf(parallelCoordinatesSpec).returns.toEqualTypeOf<Either<VizError, TopLevelSpec>>();
    expectTypeOf(arrayProfileSpec).returns.toEqualTypeOf<Either<VizError, TopLevelSpec>>();
    expectTypeOf(parameterImportanceSpec).returns.toEqualTypeOf<Either<VizError, TopLevelSpec>>();
    expectTypeOf(parameterImportance).returns.toEqualTypeOf<Either<UnknownField, ParameterImportance>>();
  });

  test("renderers return a Promise and a …Task twin", () => {
    expectTypeOf(compileSpec).returns.toEqualTypeOf<Promise<object>>();
    expectTypeOf(compileSpecTask).returns.toEqualTypeOf<TaskEither<VizError, object>>();
    expectTypeOf(renderSvg).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(renderSvgTask).returns.toEqualTypeOf<TaskEither<VizError, string>>();
    expectTypeOf(renderPngImage).returns.toEqualTypeOf<Promise<RenderedPng>>();
    expectTypeOf(renderPngImageTask).returns.toEqualTypeOf<TaskEither<VizError, RenderedPng>>();
    expectTypeOf(renderPng).returns.toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(renderPngTask).returns.toEqualTypeOf<TaskEither<VizError, Uint8Array>>();
    expectTypeOf(writeChart).returns.toEqualTypeOf<Promise<WrittenChart>>();
    expectTypeOf(writeChartTask).returns.toEqualTypeOf<TaskEither<VizError, WrittenChart>>();
  });
});
