// @dimexp/cli — the `dimexp` command, also callable in-process.

export { type CliIo, EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USER_ERROR, runCli } from "./main.js";
