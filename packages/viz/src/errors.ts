// The spec builders return specs, not Eithers: a chart is a value you hand to
// vega-embed or the renderer. The one thing that can go wrong in them is an
// option (a display unit that does not parse or does not fit the metric, a
// metric or param the comparison does not have); that throws the tagged
// VizError itself (an Error, a DimexpError), like @dimexp/units' literal helpers.

import { DimexpError, TaggedError, type UnitsError } from "@dimexp/units";

export class UnknownField extends TaggedError("UnknownField")<{
  readonly kind: "metric" | "param";
  readonly name: string;
  readonly available: readonly string[];
}> {}

/** `cause`: the failed import (ERR_MODULE_NOT_FOUND), as it was. */
export class RendererMissing extends TaggedError("RendererMissing")<{ readonly packageName: string }> {}

export class UnsupportedOutput extends TaggedError("UnsupportedOutput")<{ readonly file: string }> {}

export type VizError = UnitsError | UnknownField | RendererMissing | UnsupportedOutput;

/**
 * @deprecated Every VizError is itself an Error (a DimexpError) and is thrown
 * directly. `instanceof VizException` is `instanceof DimexpError`, and the
 * deprecated `.error` is the error itself.
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
