// The unit rules of + − × ÷ and powers, shared by Quantity and DimArray.
// Offset units follow pint: abs − abs is a delta, abs ± delta is abs,
// delta + abs is abs; abs + abs, delta − abs and scaling an absolute
// temperature are ambiguous and therefore errors. Logarithmic units only convert.

import { type Converter, converter } from "../conversion.js";
import { type UnitsError, dimensionMismatch, logarithmicUnitError, offsetUnitError } from "../errors.js";
import { formatUnit } from "../format.js";
import { contextsRelating } from "../context.js";
import { resolveUnitName } from "../registry.js";
import { Unit } from "../unit.js";
import { type Either, left, right } from "./either.js";

export interface AdditionPlan {
  readonly unit: Unit;
  /** converts the left operand into `unit`'s frame (undefined: use as is) */
  readonly left: Converter | undefined;
  readonly right: Converter;
}

/** The temperature-difference unit of an absolute one: degC → delta_degC. */
export const deltaUnit = (unit: Unit): Unit => {
  if (!unit.offset) return unit;
  const atom = unit.terms[0]?.atom;
  const named = atom ? resolveUnitName(`delta_${atom.ascii}`) : undefined;
  if (named) {
    const u = Unit.fromAtom(named.atom, named.prefix);
    if (u._tag === "Right") return u.right;
  }
  return unit.withoutOffset();
};

const mismatch = (operation: string, a: Unit, b: Unit): UnitsError =>
  dimensionMismatch({
    operation,
    from: formatUnit(a),
    to: formatUnit(b),
    fromDimension: a.dimension.describe(),
    toDimension: b.dimension.describe(),
    contexts: contextsRelating(a.dimension, b.dimension),
  });

const convertTo = (operation: string, from: Unit, to: Unit): Either<UnitsError, Converter> => {
  if (!from.dimension.equals(to.dimension)) return left(mismatch(operation, from, to));
  return converter(from, to);
};

export const planAddition = (operation: "add" | "subtract", a: Unit, b: Unit): Either<UnitsError, AdditionPlan> => {
  if (a.logarithmic) return left(logarithmicUnitError(operation, formatUnit(a)));
  if (b.logarithmic) return left(logarithmicUnitError(operation, formatUnit(b)));
  if (a.offset && b.offset) {
    if (operation === "add") {
      return left(
        offsetUnitError(
          "add two values",
          formatUnit(a),
          "Adding two absolute temperatures is ambiguous: subtract them to get a difference, or add a difference such as 10 delta_degC.",
        ),
      );
    }
    const c = convertTo(operation, b, a);
    if (c._tag === "Left") return c;
    return right({ unit: deltaUnit(a), left: undefined, right: c.right });
  }
  if (a.offset) {
    const c = convertTo(operation, b, a.withoutOffset());
    if (c._tag === "Left") return c;
    return right({ unit: a, left: undefined, right: c.right });
  }
  if (b.offset) {
    if (operation === "subtract") {
      return left(
        offsetUnitError(
          "subtract",
          formatUnit(b),
          "Subtracting an absolute temperature from a difference is ambiguous; convert both to K first.",
        ),
      );
    }
    const c = convertTo(operation, a, b.withoutOffset());
    if (c._tag === "Left") return c;
    const identity = converter(b, b);
    if (identity._tag === "Left") return identity;
    return right({ unit: b, left: c.right, right: identity.right });
  }
  const c = convertTo(operation, b, a);
  if (c._tag === "Left") return c;
  return right({ unit: a, left: undefined, right: c.right });
};

const checkScalable = (operation: string, unit: Unit): UnitsError | undefined => {
  if (unit.logarithmic) return logarithmicUnitError(operation, formatUnit(unit));
  if (unit.offset) {
    return offsetUnitError(
      operation,
      formatUnit(unit),
      "Convert to an absolute scale first (e.g. .to(\"K\")), or use a difference unit such as delta_degC.",
    );
  }
  return undefined;
};

export const planProduct = (operation: "multiply" | "divide", a: Unit, b: Unit): Either<UnitsError, Unit> => {
  const bad = checkScalable(operation, a) ?? checkScalable(operation, b);
  if (bad) return left(bad);
  return operation === "multiply" ? a.mul(b) : a.div(b);
};

export const planScale = (operation: string, a: Unit): Either<UnitsError, Unit> => {
  const bad = checkScalable(operation, a);
  return bad ? left(bad) : right(a);
};
