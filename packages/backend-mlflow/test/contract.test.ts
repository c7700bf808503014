// The ExperimentBackend contract from @dimexp/core/testing, against a real
// MLflow tracking server (the shared one started by global-setup): a fresh
// backend for every test, the suite's own unique experiment names.
import { runBackendContract } from "@dimexp/core/testing";
import { describe, expect, it } from "vitest";
import { describeWithServer, open } from "./helpers.js";

describeWithServer("MLflow server", () => {
  runBackendContract("mlflow (real server)", () => open(), { describe, it, expect, timeout: 180_000 });
});
