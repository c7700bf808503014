import { createMemoryBackend } from "../src/index.js";
import { runBackendContract } from "../src/testing/index.js";

runBackendContract("memory", () => createMemoryBackend());
