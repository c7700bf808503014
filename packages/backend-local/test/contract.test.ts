// The ExperimentBackend contract from @dimexp/core/testing, twice: every test
// on a fresh connection to one shared file (the suite uses unique names), and
// on in-memory stores.
import path from "node:path";
import { runBackendContract } from "@dimexp/core/testing";
import { describe, expect, it } from "vitest";
import { openAt, tempDir } from "./helpers.js";

const dir = tempDir("contract");
const shared = path.join(dir, "contract.db");

runBackendContract("local (one file, reopened for every test)", () => openAt(shared), { describe, it, expect });
runBackendContract("local (:memory:)", () => openAt(":memory:"), { describe, it, expect });
