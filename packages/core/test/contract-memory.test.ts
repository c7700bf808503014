import { createMemoryBackend } from "../src/index.js";
import { describe, expect, it } from "vitest";
import { runBackendContract } from "../src/testing/index.js";

runBackendContract("memory", () => createMemoryBackend(), { describe, it, expect });
