// The command table. A new command is a CommandSpec in its own file, listed
// here; parsing, help pages and "did you mean" suggestions follow from it.

import type { CommandSpec, GroupSpec } from "../internal/command.js";
import { unitsConvert } from "./units-convert.js";
import { unitsList } from "./units-list.js";
import { unitsParse } from "./units-parse.js";

export const COMMANDS: readonly CommandSpec[] = [unitsConvert, unitsParse, unitsList];

export const GROUPS: readonly GroupSpec[] = [{ path: ["units"], summary: "Convert, inspect and list physical units" }];
