// The unit a chart shows a metric in: the comparison's common unit, or
// another one the caller asks for (converted with the comparison's contexts).

import type { MetricComparison, RunComparison } from "@dimexp/compare";
import { type Unit, type UnitsError, applyConverter, converter, getSystem, toUnit } from "@dimexp/units";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { type UnknownField, unknownField } from "../errors.js";

export interface DisplayOptions {
  /** show values in this unit instead of the comparison's common unit */
  readonly unit?: Unit | string | undefined;
  /** or in this system's unit for the quantity ("si", "cgs", "natural", …) */
  readonly system?: string | undefined;
}

export interface Display {
  readonly unit: Unit;
  readonly convert: (value: number) => number;
}

export const metricOf = (comparison: RunComparison, metric: string): E.Either<UnknownField, MetricComparison> => {
  const m = comparison.metric(metric);
  return m ? E.right(m) : E.left(unknownField("metric", metric, comparison.metrics.map((x) => x.metric)));
};

/** How to show values that are in `from` (with these contexts): in the asked unit or system, else as they are. */
export const displayFor = (from: Unit, contexts: readonly string[], options: DisplayOptions): E.Either<UnitsError, Display> => {
  const ctx = new Set(contexts);
  let target: E.Either<UnitsError, Unit | undefined> = E.right(undefined);
  if (options.unit !== undefined) target = toUnit(options.unit);
  else if (options.system !== undefined) {
    target = pipe(
      getSystem(options.system),
      E.chain((system) => {
        if (system.context) ctx.add(system.context);
        return system.canonicalUnit(from.dimension);
      }),
    );
  }
  return pipe(
    target,
    E.chain((to): E.Either<UnitsError, Display> => {
      if (!to || to === from) return E.right({ unit: from, convert: (x) => x });
      return pipe(
        converter(from, to, ctx.size > 0 ? { context: [...ctx] } : {}),
        E.map((c): Display => {
          if (c.kind === "linear" && c.scale === 1 && c.offset === 0) return { unit: to, convert: (x) => x };
          return { unit: to, convert: (x) => applyConverter(c, x) };
        }),
      );
    }),
  );
};

export const metricDisplay = (m: MetricComparison, options: DisplayOptions): E.Either<UnitsError, Display> => displayFor(m.unit, m.contexts, options);

/** The metric and how to show it: what every chart of one metric starts from. */
export const shownMetric = (
  comparison: RunComparison,
  metric: string,
  options: DisplayOptions,
): E.Either<UnknownField | UnitsError, { readonly m: MetricComparison; readonly display: Display }> =>
  pipe(
    metricOf(comparison, metric),
    E.chainW((m) =>
      pipe(
        metricDisplay(m, options),
        E.map((display) => ({ m, display })),
      ),
    ),
  );
