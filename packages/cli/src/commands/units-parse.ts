import { BASE_DIMENSIONS, type Unit, type UnitFormat, formatUnit, getSystem, parseUnit } from "@dimexp/units";
import type { CommandSpec } from "../internal/command.js";
import { orFail } from "../internal/errors.js";
import { formatNumber, formatTable, jsonNumber, writeJson, writeLines } from "../internal/output.js";
import { dimensionJson } from "../internal/units-json.js";

const FORMATS: readonly UnitFormat[] = ["ascii", "unicode", "latex", "siunitx", "dimtensor"];

/** The exact SI scale as "n" or "n/d", or null when it is irrational (π, √…) or too long to keep exact (over 300 digits). */
const exactScale = (unit: Unit): string | null => {
  const exact = unit.scale.exact;
  if (!exact) return null;
  const [n, d] = exact;
  return d === 1n ? String(n) : `${n}/${d}`;
};

const describeUnit = (input: string, unit: Unit) => {
  const si = orFail(orFail(getSystem("si")).canonicalUnit(unit.dimension));
  return {
    input,
    unit: formatUnit(unit),
    dimension: dimensionJson(unit.dimension),
    /** SI value of 1 of this unit (for affine units: of a one-degree step) */
    scale: jsonNumber(unit.scale.value),
    exactScale: exactScale(unit),
    siUnit: formatUnit(si),
    /** affine units: SI value of this unit's zero */
    offset: unit.offset ? jsonNumber(unit.offset.value) : null,
    kind: unit.kind,
    logarithmic: unit.logarithmic
      ? { base: unit.logarithmic.base, factor: unit.logarithmic.factor, reference: jsonNumber(unit.logarithmic.reference.value) }
      : null,
    formats: Object.fromEntries(FORMATS.map((format) => [format, formatUnit(unit, format)])) as Record<UnitFormat, string>,
  };
};

const plainLines = (described: ReturnType<typeof describeUnit>, unit: Unit): string[] => {
  const { siUnit } = described;
  const exponents = BASE_DIMENSIONS.flatMap((name, i) => {
    const e = unit.dimension.exponents[i];
    return e && e.n !== 0 ? [`${name} ${e.d === 1 ? e.n : `${e.n}/${e.d}`}`] : [];
  });
  const rows: string[][] = [
    ["unit", described.unit],
    ["kind", described.kind],
    ["dimension", unit.dimension.describe()],
    ["exponents", exponents.length > 0 ? exponents.join(", ") : "none (dimensionless)"],
  ];
  if (unit.logarithmic) {
    const { base, factor, reference } = unit.logarithmic;
    rows.push(["reference", `${formatNumber(reference.value)} ${siUnit}`]);
    rows.push(["definition", `value = ${factor}·log_${base === Math.E ? "e" : base}(x / reference)`]);
  } else {
    const exact = described.exactScale;
    const scaleText = `1 ${described.unit} = ${formatNumber(unit.scale.value)} ${siUnit}`;
    rows.push(["scale to SI", exact === null ? `${scaleText} (rounded: irrational or too long to keep exact)` : `${scaleText}${exact === formatNumber(unit.scale.value) ? "" : ` (exactly ${exact})`}`]);
    if (unit.offset) rows.push(["offset", `0 ${described.unit} = ${formatNumber(unit.offset.value)} ${siUnit}`]);
  }
  rows.push(...FORMATS.map((format) => [format, described.formats[format]]));
  return formatTable(rows);
};

export const unitsParse: CommandSpec = {
  path: ["units", "parse"],
  summary: "Show a unit's dimension, scale to SI, kind and spellings",
  positionals: [{ name: "unit", description: 'a unit expression: "kJ/mol", "kg m s^-2", "m^(1/2)", µm, statC, degC' }],
  options: {
    json: {
      type: "boolean",
      description: "print one line of JSON: input, unit, dimension {exponents, name, text}, scale, exactScale, siUnit, offset, kind, logarithmic, formats",
    },
  },
  details: () => [
    "scale is the SI value of one unit (of a one-degree step for °C and °F), in the SI unit shown; offset is the SI value of an affine unit's zero. exactScale is that scale as an exact fraction, or null where it is irrational or has over 300 digits.",
  ],
  examples: ["dimexp units parse kJ/mol", "dimexp units parse statC --json", "dimexp units parse degF"],
  run(input, io) {
    const text = input.positionals[0] as string;
    const unit = orFail(parseUnit(text));
    const described = describeUnit(text, unit);
    if (input.flag("json")) writeJson(io, described);
    else writeLines(io, plainLines(described, unit));
  },
};
