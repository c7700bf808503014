// `pnpm demo`: part 1 logs the heat-equation experiment to the store and
// queries it; part 2 is a short tour of @dimexp/units on its own.

import { chartsDemo, compareHints } from "./charts.js";
import { cliHints, experimentDemo } from "./experiment.js";
import { walkthrough } from "./walkthrough.js";

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

try {
  await experimentDemo(print);
  print("");
  const charts = await chartsDemo(print);
  print("");
  print("Part 2: @dimexp/units on its own");
  // the walkthrough's first line is its own title
  for (const line of walkthrough().slice(1)) print(line);
  print("");
  for (const line of cliHints()) print(line);
  for (const line of compareHints()) print(line);
  print("");
  print(`Charts (SVG, PNG, Vega-Lite) and the comparison (CSV, Arrow) are in ${charts}`);
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
