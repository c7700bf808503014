// The ExperimentBackend contract from @dimexp/core/testing, online against the
// W&B protocol fake (with W&B's file_stream rate limit on) and offline on
// .wandb transaction logs.
import { runBackendContract } from "@dimexp/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { offlineBackend, onlineBackend, tempDir } from "./support/helpers.js";

let fake: WandbFake;
beforeAll(async () => {
  fake = await startWandbFake();
});
afterAll(async () => {
  await fake?.close();
});

runBackendContract("wandb online (protocol fake)", () => onlineBackend(fake), { describe, it, expect });

const dir = tempDir("contract");
runBackendContract("wandb offline (.wandb transaction logs)", () => offlineBackend(dir), { describe, it, expect });
