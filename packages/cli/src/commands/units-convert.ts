import { contextNames, getContext, parseQuantity } from "@dimexp/units";
import type { CommandSpec } from "../internal/command.js";
import { orFail } from "../internal/errors.js";
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
    if (input.flag("json")) writeJson(io, { value: jsonNumber(converted.value), unit });
    else writeLine(io, `${formatNumber(converted.value)} ${unit}`);
  },
};
