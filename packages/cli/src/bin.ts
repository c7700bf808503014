#!/usr/bin/env node
import { main } from "./main.js";

// `dimexp units list | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// exitCode rather than process.exit(): pending stdout writes must flush first.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
