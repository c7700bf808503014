import { contextNames, getContext, parseQuantity } from "@dimexp/units";
import type { CommandSpec } from "../internal/command.js";
import { UserError, orFail } from "../internal/errors.js";
import { formatNumber, jsonNumber, writeJson, writeLine } from "../internal/output.js";

export const unitsConvert: CommandSpec = {
  path: ["units", "convert"],
  summary: "Convert a quantity to another unit",
  positionals: [
    { name: "quantity", description: 'a value and its unit as one argument: "9.81 m/s^2", "-40 degC", "1e-19 J", "NaN K"' },
    { name: "target", description: 'the unit to convert to: ft, "km/h", GeV^-1, "J/(mol*K)"' },
  ],
  // `dimexp units convert 1 km m` reads as "1 km" → m.
  maxPositionals: 3,
  options: {
    context: {
      type: "string",
      multiple: true,
      valueName: "name",
      description: "convert across dimensions through a named context (statC→C needs gaussian)",
    },
    json: {
      type: "boolean",
      description: 'print {"value":<number>,"unit":"<target>"} on one line',
    },
  },
  details: () => [
    `Contexts: ${contextNames().join(", ")}. Quantities whose SI dimensions differ convert only through one of them, never silently.`,
    'The value and unit may also be two arguments: "dimexp units convert 1 km m". Negative values need no "--": "dimexp units convert -40 degC degF".',
    'With --json, a value JSON cannot hold as a number (NaN, Infinity, -Infinity, e.g. "0 mW" in dBm) is printed as that string, and the exit status is still 0.',
    "A finite value that a linear conversion would take beyond a double's range (to ±Infinity or 0) is an error, exit 2.",
    "A temperature difference (delta_degC, delta_degF) does not convert to an absolute temperature (degC, degF) or back, as in pint: K and degR convert to both.",
  ],
  examples: [
    'dimexp units convert "1 m" ft',
    'dimexp units convert "1 statC" C --context gaussian',
    'dimexp units convert "500 nm" eV --context spectral --json',
    'dimexp units convert "1 GeV^-1" fm --context natural',
  ],
  run(input, io) {
    const [first, second, third] = input.positionals as [string, string, string | undefined];
    const [quantityText, target] = third === undefined ? [first, second] : [`${first} ${second}`, third];
    const contexts = input.strings("context").flatMap((list) => list.split(",").map((name) => name.trim()).filter(Boolean));
    // Checked up front: the library consults contexts only when dimensions
    // differ, and a misspelt --context should fail even when it is not needed.
    for (const name of contexts) orFail(getContext(name));
    const quantity = orFail(parseQuantity(quantityText));
    const converted = orFail(quantity.to(target, { context: contexts.length > 0 ? contexts : undefined }));
    const unit = target.trim();
    // A finite value whose linear conversion leaves a double's range (1e308 km in nm) would print
    // Infinity or 0 as if it were the answer; logarithmic units reach ±Infinity legitimately (0 mW in dBm).
    const linear = !quantity.unit.logarithmic && !converted.unit.logarithmic;
    if (linear && Number.isFinite(quantity.value) && (!Number.isFinite(converted.value) || (converted.value === 0 && quantity.value !== 0))) {
      throw new UserError(
        `${quantityText.trim()} in ${unit} is beyond a double's range (about 1e±308): the result would be ${converted.value}. Convert to a unit nearer in size.`,
      );
    }
    if (input.flag("json")) writeJson(io, { value: jsonNumber(converted.value), unit });
    else writeLine(io, `${formatNumber(converted.value)} ${unit}`);
  },
};
