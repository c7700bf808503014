// Type tests (checked by `pnpm typecheck`, tsc over src and test): every
// async function of io returns a Promise and has a `…Task` twin returning
// fp-ts's TaskEither (core re-exports fp-ts's own type).
import type { TaskEither } from "@dimexp/core";
import { describe, expectTypeOf, test } from "vitest";
import {
  type DimtensorArray,
  type ExportResult,
  type ImportResult,
  type IoError,
  exportExperiment,
  exportExperimentTask,
  importExperiment,
  importExperimentTask,
  readDimArrayHdf5,
  readDimArrayHdf5Task,
  readDimArrayJson,
  readDimArrayJsonTask,
  writeDimArrayHdf5,
  writeDimArrayHdf5Task,
  writeDimArrayJson,
  writeDimArrayJsonTask,
} from "../src/index.js";

describe("io's Promise defaults and their …Task twins", () => {
  test("export and import", () => {
    expectTypeOf(exportExperiment).returns.toEqualTypeOf<Promise<ExportResult>>();
    expectTypeOf(exportExperimentTask).returns.toEqualTypeOf<TaskEither<IoError, ExportResult>>();
    expectTypeOf(importExperiment).returns.toEqualTypeOf<Promise<ImportResult>>();
    expectTypeOf(importExperimentTask).returns.toEqualTypeOf<TaskEither<IoError, ImportResult>>();
  });

  test("dimtensor arrays, JSON and HDF5", () => {
    expectTypeOf(readDimArrayJson).returns.toEqualTypeOf<Promise<DimtensorArray>>();
    expectTypeOf(readDimArrayJsonTask).returns.toEqualTypeOf<TaskEither<IoError, DimtensorArray>>();
    expectTypeOf(writeDimArrayJson).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(writeDimArrayJsonTask).returns.toEqualTypeOf<TaskEither<IoError, void>>();
    expectTypeOf(readDimArrayHdf5).returns.toEqualTypeOf<Promise<DimtensorArray>>();
    expectTypeOf(readDimArrayHdf5Task).returns.toEqualTypeOf<TaskEither<IoError, DimtensorArray>>();
    expectTypeOf(writeDimArrayHdf5).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(writeDimArrayHdf5Task).returns.toEqualTypeOf<TaskEither<IoError, void>>();
  });
});
