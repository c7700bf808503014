// The spec builders throw, and the renderer rejects with, the tagged VizError
// itself: an Error and a DimexpError, with the plain JSON shape.
import { DimexpError } from "@dimexp/units";
import { expect, test } from "vitest";
import { VizException } from "../src/index.js";
import { writeChart } from "../src/render/index.js";

test("writeChart to a file of no chart format rejects with an UnsupportedOutput that is an Error", async () => {
  const rejection: unknown = await writeChart({ mark: "point" } as never, "chart.txt").then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(rejection).toBeInstanceOf(Error);
  expect(rejection).toBeInstanceOf(DimexpError);
  expect(rejection).toBeInstanceOf(VizException);
  expect(rejection).toMatchObject({ _tag: "UnsupportedOutput", name: "UnsupportedOutput", file: "chart.txt" });
  expect((rejection as Error).stack).toMatch(/^UnsupportedOutput: Cannot tell the chart format/);
  expect(JSON.parse(JSON.stringify(rejection))).toEqual({
    _tag: "UnsupportedOutput",
    file: "chart.txt",
    message: (rejection as Error).message,
  });
});
