// The demo on Weights & Biases, chosen as a W&B user would:
// DIMEXP_TRACKING_URI=wandb://<entity>/<project>, with WANDB_MODE=offline
// (W&B's own .wandb files, then the printed `wandb sync` command run for real
// by the wandb package, uploading to the protocol fake), and online against
// the fake (WANDB_BASE_URL, WANDB_API_KEY). Each time: the same story, the
// round trip, and the runs read back through the CLI with their units.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type WandbFake, startWandbFake } from "@dimexp/backend-wandb/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, cleanEnv, expectRunsReadBack, expectTheStory, invocationOf, isCi, lineIn, requireBuilt, runDemo, runProgram } from "./support/demo.js";

const WANDB_BIN = join(REPO_ROOT, "tooling", "python", ".venv", "bin", "wandb");
const wandbMissing = existsSync(WANDB_BIN) ? undefined : `the wandb package is not installed (${WANDB_BIN} is missing): run \`npm run setup\``;
if (wandbMissing && isCi()) throw new Error(`CI=true: the demo's W&B test runs the real wandb sync, and ${wandbMissing}`);

let fake: WandbFake;
const temps: string[] = [];
const tempDir = (label: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `dimexp-demo-${label}-`));
  temps.push(dir);
  return dir;
};

beforeAll(async () => {
  requireBuilt();
  fake = await startWandbFake();
});

afterAll(async () => {
  await fake?.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("W&B offline: WANDB_MODE=offline DIMEXP_TRACKING_URI=wandb://<entity>/<project>", () => {
  let tmp = "";
  let stdout = "";
  const uri = () => `wandb://${fake.entity}/heat-pinn-offline`;
  const offlineEnv = () => cleanEnv({ WANDB_MODE: "offline", DIMEXP_TRACKING_URI: uri() });

  beforeAll(async () => {
    tmp = tempDir("wandb-offline");
    // the runs go to ./wandb/offline-run-… in the directory the demo runs from, as with the W&B SDK
    stdout = await runDemo(offlineEnv(), tmp);
  }, 120_000);

  test("it writes W&B offline runs in ./wandb and tells the same story, round trip included", () => {
    expect(lineIn(stdout, "Store: ")).toBe(
      `Store: wandb offline: ${join(tmp, "wandb")} (project ${fake.entity}/heat-pinn-offline; upload with \`wandb sync\`) (tracking URI ${uri()}: from DIMEXP_TRACKING_URI)`,
    );
    expectTheStory(stdout, join(tmp, "dimexp-demo-output"));
  });

  test("the CLI reads the offline runs back, with their units", async () => {
    await expectRunsReadBack(offlineEnv(), tmp, invocationOf(stdout));
  });

  test.skipIf(wandbMissing !== undefined && !isCi())("the printed `wandb sync` command uploads the five runs, which the CLI then reads from W&B", async () => {
    const command = lineIn(stdout, "  wandb sync ").trim();
    const folders = command.slice("wandb sync ".length).split(" ");
    expect(folders).toHaveLength(5);
    for (const folder of folders) {
      expect(folder.startsWith(join(tmp, "wandb", "offline-run-"))).toBe(true);
      expect(readdirSync(folder).filter((f) => f.endsWith(".wandb"))).toHaveLength(1);
    }
    // the SDK's own folders (config, cache, …) go into a scratch HOME
    const home = tempDir("wandb-home");
    for (const sub of ["config", "cache", "data", "artifacts"]) mkdirSync(join(home, sub), { recursive: true });
    const synced = await runProgram(WANDB_BIN, ["sync", ...folders], {
      cwd: tmp,
      killAfterMs: 180_000,
      env: cleanEnv({
        HOME: home,
        WANDB_BASE_URL: fake.url,
        WANDB_API_KEY: fake.apiKey,
        WANDB_SILENT: "true",
        WANDB_CONFIG_DIR: join(home, "config"),
        WANDB_CACHE_DIR: join(home, "cache"),
        WANDB_DATA_DIR: join(home, "data"),
        WANDB_ARTIFACT_DIR: join(home, "artifacts"),
        WANDB_DISABLE_GIT: "true",
      }),
    });
    expect(synced.code, `wandb sync: ${synced.stdout}${synced.stderr}`).toBe(0);
    expect(`${synced.stdout}${synced.stderr}`).not.toMatch(/error|failed/i);
    const online = cleanEnv({ DIMEXP_TRACKING_URI: uri(), WANDB_BASE_URL: fake.url, WANDB_API_KEY: fake.apiKey });
    await expectRunsReadBack(online, tmp, invocationOf(stdout));
  }, 240_000);
});

describe("W&B online: DIMEXP_TRACKING_URI=wandb://<entity>/<project> with WANDB_BASE_URL and WANDB_API_KEY (the protocol fake)", () => {
  let tmp = "";
  let stdout = "";
  const uri = () => `wandb://${fake.entity}/heat-pinn-online`;
  const onlineEnv = () => cleanEnv({ DIMEXP_TRACKING_URI: uri(), WANDB_BASE_URL: fake.url, WANDB_API_KEY: fake.apiKey });

  beforeAll(async () => {
    tmp = tempDir("wandb-online");
    stdout = await runDemo(onlineEnv(), tmp);
  }, 120_000);

  test("it logs to the W&B server and tells the same story, round trip included", () => {
    expect(lineIn(stdout, "Store: ")).toBe(`Store: wandb://${fake.entity}/heat-pinn-online at ${fake.url} (tracking URI ${uri()}: from DIMEXP_TRACKING_URI)`);
    expectTheStory(stdout, join(tmp, "dimexp-demo-output"));
    expect(existsSync(join(tmp, "wandb")), "nothing written offline").toBe(false);
  });

  test("it prints each run's W&B page, and those runs are on the server, in the experiment's group", () => {
    const pages = [...stdout.matchAll(/^ {2}(\S+): (http:\/\/\S+)$/gm)].filter((m) => m[2]?.includes("/runs/"));
    expect(pages.map((m) => m[1]).sort()).toEqual(["run-cgs", "run-si", "sweep-L1.5m", "sweep-L40cm", "sweep-L80cm"]);
    for (const [, name, page] of pages) {
      const prefix = `${fake.url}/${fake.entity}/heat-pinn-online/runs/`;
      expect(page?.startsWith(prefix)).toBe(true);
      const run = fake.run(fake.entity, "heat-pinn-online", (page as string).slice(prefix.length));
      expect(run, `${name} on the fake`).toBeDefined();
      expect(run).toMatchObject({ displayName: name, group: "heat-equation-pinn" });
    }
    expect(fake.unserved).toEqual([]);
  });

  test("the CLI reads the runs back from W&B, with their units", async () => {
    await expectRunsReadBack(onlineEnv(), tmp, invocationOf(stdout));
  });
});
