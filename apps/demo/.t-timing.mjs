import { startWandbFake } from "@dimexp/backend-wandb/testing";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
const run = promisify(execFile);
const fake = await startWandbFake();
const env = { ...process.env, DIMEXP_TRACKING_URI: `wandb://${fake.entity}/timing`, WANDB_BASE_URL: fake.url, WANDB_API_KEY: fake.apiKey };
for (const [label, e] of [["online", env], ["offline", { ...env, WANDB_MODE: "offline" }], ["local", { ...process.env, DIMEXP_TRACKING_URI: "/tmp/demo-time/x.db" }]]) {
  const t = Date.now();
  await run(process.execPath, ["/work/main/apps/demo/dist/main.js"], { env: e, cwd: "/tmp/demo-time" });
  console.log(label, (Date.now() - t) / 1000, "s");
}
await fake.close();
