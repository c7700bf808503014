import { type UnitAtom, dimensionNames, getSystem, listUnits, lookupDimension, unitGroups } from "@dimexp/units";
import type { CommandSpec } from "../internal/command.js";
import { UserError, orFail } from "../internal/errors.js";
import { formatTable, writeJson, writeLine, writeLines } from "../internal/output.js";
import { didYouMean } from "../internal/suggest.js";
import { dimensionJson } from "../internal/units-json.js";

/** Every other spelling of an atom: extra symbols, then extra long names, each once. */
const aliases = (atom: UnitAtom): string[] => [
  ...new Set([...atom.symbols, ...atom.names].filter((spelling) => spelling !== atom.symbol && spelling !== atom.name)),
];

const selectAtoms = (system: string | undefined, group: string | undefined, dimension: string | undefined): readonly UnitAtom[] => {
  let atoms = listUnits();
  if (system !== undefined) {
    const groups = new Set(orFail(getSystem(system)).groups.map((g) => g.toLowerCase()));
    atoms = atoms.filter((atom) => groups.has(atom.group.toLowerCase()));
  }
  if (group !== undefined) {
    const groups = unitGroups();
    if (!groups.some((g) => g.toLowerCase() === group.toLowerCase())) {
      throw new UserError(`Unknown unit group "${group}".${didYouMean(group, groups)} Groups: ${groups.join(", ")}.`);
    }
    atoms = atoms.filter((atom) => atom.group.toLowerCase() === group.toLowerCase());
  }
  if (dimension !== undefined) {
    const wanted = lookupDimension(dimension);
    if (!wanted) {
      throw new UserError(
        `Unknown dimension "${dimension}".${didYouMean(dimension, dimensionNames())} Known dimensions: ${dimensionNames().join(", ")}.`,
      );
    }
    atoms = atoms.filter((atom) => atom.dimension.equals(wanted));
  }
  return atoms;
};

export const unitsList: CommandSpec = {
  path: ["units", "list"],
  summary: "List registered units (without prefixes), by system, group or dimension",
  positionals: [],
  options: {
    system: {
      type: "string",
      valueName: "name",
      description: "only the unit groups of a system: si, cgs, natural, atomic, planck",
    },
    group: { type: "string", valueName: "group", description: 'only one group, e.g. "CGS" or "imperial and US"' },
    dimension: { type: "string", valueName: "name", description: "only units of one dimension, e.g. energy, length, pressure" },
    json: {
      type: "boolean",
      description: "print one line of JSON: an array of {symbol, name, aliases, dimension {exponents, name, text}, group, prefixes}",
    },
  },
  details: () => [
    `Groups: ${unitGroups().join(", ")}.`,
    'prefixes says which prefixes a unit takes: "si" (km, MeV), "binary" (KiB) or "none". Filters combine: --system cgs --dimension energy.',
  ],
  examples: ["dimexp units list --system cgs", 'dimexp units list --group "imperial and US" --dimension length', "dimexp units list --json"],
  run(input, io) {
    const atoms = selectAtoms(input.string("system"), input.string("group"), input.string("dimension"));
    if (input.flag("json")) {
      writeJson(
        io,
        atoms.map((atom) => ({
          symbol: atom.symbol,
          name: atom.name,
          aliases: aliases(atom),
          dimension: dimensionJson(atom.dimension),
          group: atom.group,
          prefixes: atom.prefixes,
        })),
      );
      return;
    }
    if (atoms.length === 0) {
      writeLine(io, "No units match these filters.");
      return;
    }
    const lines: string[] = [];
    const groups = [...new Set(atoms.map((atom) => atom.group))];
    const rows = atoms.map((atom) => [atom.symbol, atom.name, atom.dimension.describe(), aliases(atom).join(", ")]);
    // One table for all groups, so columns line up across the headings.
    const formatted = formatTable([["symbol", "name", "dimension", "aliases"], ...rows], "  ");
    lines.push(formatted[0] as string);
    for (const group of groups) {
      lines.push("", group);
      atoms.forEach((atom, i) => {
        if (atom.group === group) lines.push(formatted[i + 1] as string);
      });
    }
    writeLines(io, lines);
  },
};
