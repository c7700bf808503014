import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, expect, test } from "vitest";

const execFileAsync = promisify(execFile);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** Runs the built command in a child process; never throws on a non-zero exit. */
const dimexp = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
};

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "pnpm build" first (turbo's test task does)`);
});

test("the built bin converts: node dist/bin.js units convert \"1 km\" m --json", async () => {
  expect(await dimexp("units", "convert", "1 km", "m", "--json")).toEqual({ code: 0, stdout: '{"value":1000,"unit":"m"}\n', stderr: "" });
});

test("the built bin exits 2 with one message for a user error", async () => {
  const result = await dimexp("units", "convert", "1 statC", "C");
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^dimexp: Cannot convert statC .*--context gaussian.*\n$/);
});
