// The backend passes the same contract as dimexp's own backends, and the
// README's example runs as written.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openBackendTask, registerBackendProvider } from "@dimexp/core";
import { runBackendContract } from "@dimexp/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createJsonlBackend, provider } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "dimexp-jsonl-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
runBackendContract("jsonl (examples/custom-backend)", () => createJsonlBackend(join(scratch, `contract-${folders++}`)), { describe, it, expect });

describe("the jsonl provider", () => {
  it("opens jsonl:<folder> once registered, and refuses a URI without a folder", async () => {
    registerBackendProvider(provider);
    const opened = await openBackendTask(`jsonl:${join(scratch, "by-uri")}`)();
    expect(opened._tag).toBe("Right");
    if (opened._tag === "Right") {
      expect(opened.right.kind).toBe("jsonl");
      await opened.right.close()();
    }
    const empty = await openBackendTask("jsonl:")();
    expect(empty._tag === "Left" && empty.left._tag).toBe("InvalidTrackingUri");
  });

  it("runs the README's example as written", () => {
    const readme = readFileSync(join(here, "../README.md"), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, "the README opens with a ts example").toBeDefined();
    // next to src/ so its "./src/index.js" import resolves; run in a scratch folder for ./runs
    const file = join(here, "..", `.readme-example-${process.pid}.ts`);
    writeFileSync(file, code as string);
    try {
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
      const cwd = mkdtempSync(join(scratch, "readme-"));
      const out = execFileSync(process.execPath, ["--import", tsx, file], { cwd, encoding: "utf8" });
      expect(out.trim()).toBe("run-si: 1 m");
    } finally {
      rmSync(file, { force: true });
    }
  });
});
