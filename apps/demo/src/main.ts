import { walkthrough } from "./walkthrough.js";

try {
  process.stdout.write(`${walkthrough().join("\n")}\n`);
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
