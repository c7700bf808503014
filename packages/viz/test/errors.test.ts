// The spec builders' Left, and the renderers' rejection (their `…Task`
// twins' Left), is the tagged VizError itself: an Error and a DimexpError,
// with the plain JSON shape.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimexpError } from "@dimexp/units";
import * as E from "fp-ts/lib/Either.js";
import { expect, test } from "vitest";
import { RenderFailed, VizException } from "../src/index.js";
import { renderSvg, renderSvgTask, writeChart, writeChartTask } from "../src/render/index.js";

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

test("the Task twins never reject: the same tagged error comes back as a Left", async () => {
  const result = await writeChartTask({ mark: "point" } as never, "chart.txt")();
  expect(E.isLeft(result) && result.left._tag).toBe("UnsupportedOutput");
});

test("a spec vega-lite cannot compile is a RenderFailed of the compile stage, the library's error kept as its cause", async () => {
  const result = await renderSvgTask({ mark: "no-such-mark" } as never)();
  if (E.isRight(result)) throw new Error("expected a Left");
  expect(result.left).toBeInstanceOf(RenderFailed);
  expect(result.left).toMatchObject({ _tag: "RenderFailed", stage: "compile" });
  expect(result.left.message).toMatch(/^Compiling the spec with vega-lite failed: /);
  expect((result.left as RenderFailed).cause).toBeInstanceOf(Error);
  await expect(renderSvg({ mark: "no-such-mark" } as never)).rejects.toBeInstanceOf(RenderFailed);
});

test("a chart file that cannot be written is a RenderFailed of the write stage naming the file", async () => {
  const folder = mkdtempSync(join(tmpdir(), "viz-errors-"));
  const blocker = join(folder, "not-a-folder");
  writeFileSync(blocker, "a file where a folder should be");
  const file = join(blocker, "chart.vl.json");
  const rejection: unknown = await writeChart({ mark: "point" } as never, file).catch((e: unknown) => e);
  expect(rejection).toMatchObject({ _tag: "RenderFailed", stage: "write" });
  expect((rejection as Error).message).toContain(file);
});
