// `node tooling/scale/start.js [--s3] [--workers N]`: the lab deployment
// (PostgreSQL + MLflow with N workers, artifacts on a folder or on moto's S3),
// kept running until Ctrl-C, for trying dimexp against it by hand:
//
//   node tooling/scale/start.js &
//   pnpm --silent dimexp runs ls --tracking-uri http://127.0.0.1:<port> -e <experiment>
//
// Ctrl-C (or SIGTERM) stops every process it started and removes its folder.

import { startDeployment } from "./deployment.js";

const args = process.argv.slice(2);
const workersAt = args.indexOf("--workers");
const workers = workersAt >= 0 ? Number(args[workersAt + 1]) : 4;
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`--workers takes a whole number of MLflow workers (1 or more), not ${JSON.stringify(args[workersAt + 1] ?? "")}.`);
  process.exit(2);
}
const unknown = args.filter((a, i) => a !== "--s3" && a !== "--workers" && !(i > 0 && args[i - 1] === "--workers"));
if (unknown.length > 0) {
  console.error(`Unknown argument ${JSON.stringify(unknown[0])}. Usage: node tooling/scale/start.js [--s3] [--workers N]`);
  process.exit(2);
}
const artifacts = args.includes("--s3") ? "s3" : "local";

const lab = await startDeployment({ artifacts, workers });
console.log(`MLflow (${workers} workers) on PostgreSQL, artifacts on ${lab.artifactsDestination}`);
console.log(`tracking URI: ${lab.url}`);
console.log(`store:        ${lab.backendStoreUri}`);
console.log("Ctrl-C stops it.");
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await lab.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => undefined, 1 << 30);
