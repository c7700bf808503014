// The command table. A new command is a CommandSpec in its own file, listed
// here; parsing, help pages and "did you mean" suggestions follow from it.

import type { CommandSpec, GroupSpec } from "../internal/command.js";
import { compare } from "./compare.js";
import { experimentsLs } from "./experiments-ls.js";
import { exportCommand } from "./export.js";
import { importCommand } from "./import.js";
import { plot } from "./plot.js";
import { runsLs } from "./runs-ls.js";
import { runsShow } from "./runs-show.js";
import { sync } from "./sync.js";
import { ui } from "./ui.js";
import { unitsConvert } from "./units-convert.js";
import { unitsList } from "./units-list.js";
import { unitsParse } from "./units-parse.js";

export const COMMANDS: readonly CommandSpec[] = [experimentsLs, runsLs, runsShow, exportCommand, importCommand, compare, plot, unitsConvert, unitsParse, unitsList, ui, sync];

export const GROUPS: readonly GroupSpec[] = [
  { path: ["experiments"], summary: "List the experiments in a store" },
  { path: ["runs"], summary: "List, filter and show runs, with their units" },
  { path: ["units"], summary: "Convert, inspect and list physical units" },
];
