// What can go wrong in viz. The spec builders return Either<VizError, spec>:
// an option can be wrong (a display unit that does not parse or does not fit
// the metric, a metric or param the comparison does not have). The renderers
// return a Promise that rejects with a VizError, and a `…Task` twin. Every
// VizError is a tagged DimexpError (an Error), so both carry the same object.

import { DimexpError, TaggedError, type UnitsError } from "@dimexp/units";

export class UnknownField extends TaggedError("UnknownField")<{
  readonly kind: "metric" | "param";
  readonly name: string;
  readonly available: readonly string[];
}> {}

/** `cause`: the failed import (ERR_MODULE_NOT_FOUND), as it was. */
export class RendererMissing extends TaggedError("RendererMissing")<{ readonly packageName: string }> {}

export class UnsupportedOutput extends TaggedError("UnsupportedOutput")<{ readonly file: string }> {}

/**
 * vega-lite, vega or resvg failed on a spec, or the chart file could not be
 * written; `stage` says which step, `cause` is the original error as it was.
 */
export class RenderFailed extends TaggedError("RenderFailed")<{ readonly stage: RenderStage }> {}

export type RenderStage = "load" | "compile" | "render" | "rasterize" | "write";

export type VizError = UnitsError | UnknownField | RendererMissing | UnsupportedOutput | RenderFailed;

/**
 * @deprecated Every VizError is itself an Error (a DimexpError): the Left of a
 * spec builder, the rejection of a renderer. `instanceof VizException` is
 * `instanceof DimexpError`, and the deprecated `.error` is the error itself.
 */
export const VizException = DimexpError;
/** @deprecated see the value of the same name */
export type VizException = VizError;

export const unknownField = (
  kind: "metric" | "param",
  name: string,
  available: readonly string[],
  message?: string,
): UnknownField =>
  new UnknownField(
    message ??
      `The comparison has no ${kind} ${JSON.stringify(name)}${available.length > 0 ? ` (it has: ${available.join(", ")})` : ""}.`,
    {
      kind,
      name,
      available,
    },
  );

export const rendererMissing = (packageName: string, cause: unknown): RendererMissing =>
  new RendererMissing(
    `@dimexp/viz/render needs ${packageName}, which is not installed: npm install ${packageName} (the renderer's peers are vega, vega-lite and @resvg/resvg-js).`,
    { packageName, cause },
  );

export const unsupportedOutput = (file: string): UnsupportedOutput =>
  new UnsupportedOutput(`Cannot tell the chart format of ${JSON.stringify(file)}: name it .svg, .png or .vl.json.`, {
    file,
  });

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

const STAGE_TEXT: Record<RenderStage, string> = {
  load: "Loading a renderer package",
  compile: "Compiling the spec with vega-lite",
  render: "Rendering the chart with vega",
  rasterize: "Rasterising the SVG with resvg",
  write: "Writing the chart",
};

/** `what`: the package being loaded or the file being written, when the stage has one. */
export const renderFailed = (stage: RenderStage, cause: unknown, what?: string): RenderFailed =>
  new RenderFailed(`${STAGE_TEXT[stage]}${what === undefined ? "" : ` (${what})`} failed: ${describe(cause)}`, { stage, cause });
