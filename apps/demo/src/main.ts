// `pnpm demo`: part 1 logs the heat-equation experiment to the store (the
// embedded SQLite file, an MLflow server or W&B), queries, compares and charts
// it, and checks the JSON and HDF5 round trip; part 2 is a short tour of
// @dimexp/units on its own. `pnpm demo --help` says how to choose the store.

import { DimExperiment } from "@dimexp/core";
import { chartsDemo, compareHints } from "./charts.js";
import { EXPERIMENT, type Invocation, cliHints, experimentDemo } from "./experiment.js";
import { DemoFailure, oneLine } from "./failure.js";
import { HELP, parseArguments } from "./help.js";
import { roundTripDemo } from "./round-trip.js";
import { checkReachable, registerDemoBackends, resolveStore } from "./store.js";
import { walkthrough } from "./walkthrough.js";
import { whereToLook } from "./where-to-look.js";

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const fail = (message: string, code: number): never => {
  // one line, no stack trace; exit now so no retry timer or socket keeps the process alive
  process.stderr.write(`demo failed: ${message}\n`);
  process.exit(code);
};

const parsed = parseArguments(process.argv.slice(2));
if (parsed.kind === "help") {
  process.stdout.write(HELP);
} else if (parsed.kind === "usage-error") {
  fail(parsed.message, 2);
} else {
  try {
    registerDemoBackends();
    const store = await resolveStore(process.env);
    await checkReachable(store, process.env);
    const exp = await DimExperiment.open(EXPERIMENT, {
      backend: store.uri,
      env: process.env,
      // a store without full arrays keeps their summary metrics only: the story says so where it lists the runs
      onWarning: (warning) => {
        if (warning._tag !== "ArrayNotKept") print(`  warning ${warning._tag}: ${warning.message}`);
      },
    });
    let folder: string;
    let invocation: Invocation;
    try {
      invocation = await experimentDemo(exp, store, print);
      print("");
      const charted = await chartsDemo(exp, invocation, print);
      folder = charted.folder;
      print("");
      await roundTripDemo(exp, invocation, charted.comparison, folder, print);
      const links = await whereToLook(exp, invocation);
      if (links.length > 0) print("");
      for (const line of links) print(line);
    } finally {
      await exp.close();
    }
    print("");
    print("Part 2: @dimexp/units on its own");
    // the walkthrough's first line is its own title
    for (const line of walkthrough().slice(1)) print(line);
    print("");
    for (const line of cliHints(store, invocation)) print(line);
    for (const line of compareHints(invocation)) print(line);
    print("");
    print(`Charts (SVG, PNG, Vega-Lite), the comparison (CSV, Arrow) and the exports (JSON, HDF5) are in ${folder}`);
  } catch (error) {
    fail(error instanceof DemoFailure ? error.message : oneLine(error), 1);
  }
}
