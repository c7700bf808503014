// The spec builders return specs, not Eithers: a chart is a value you hand to
// vega-embed or the renderer. The one thing that can go wrong in them is an
// option (a display unit that does not parse or does not fit the metric, a
// metric or param the comparison does not have); that throws a VizException
// whose `.error` is a tagged value, like @dimexp/units' literal helpers.

import type { UnitsError } from "@dimexp/units";

export interface UnknownField {
  readonly _tag: "UnknownField";
  readonly kind: "metric" | "param";
  readonly name: string;
  readonly available: readonly string[];
  readonly message: string;
}

export interface RendererMissing {
  readonly _tag: "RendererMissing";
  readonly packageName: string;
  readonly message: string;
}

export interface UnsupportedOutput {
  readonly _tag: "UnsupportedOutput";
  readonly file: string;
  readonly message: string;
}

export type VizError = UnitsError | UnknownField | RendererMissing | UnsupportedOutput;

export class VizException extends Error {
  constructor(readonly error: VizError) {
    super(error.message);
    this.name = "VizException";
  }
}

export const unknownField = (kind: "metric" | "param", name: string, available: readonly string[]): VizException =>
  new VizException({
    _tag: "UnknownField",
    kind,
    name,
    available,
    message: `The comparison has no ${kind} ${JSON.stringify(name)}${available.length > 0 ? ` (it has: ${available.join(", ")})` : ""}.`,
  });
