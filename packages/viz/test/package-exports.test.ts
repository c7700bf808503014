import { fileURLToPath } from "node:url";
import { checkPackageExports } from "@dimexp/tooling-vitest/package-exports";
import { expect, test } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

test("the packed package passes publint and arethetypeswrong (strict profile)", async () => {
  const problems = await checkPackageExports(packageDir);
  // Compared as a whole so a failure prints every problem from both tools.
  expect(problems).toEqual({ publint: [], attw: [] });
});
