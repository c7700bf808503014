// Builds dist/ once before the test files run when it is missing or older
// than any source file (turbo's `test` task builds first; this covers a bare
// `vitest run`): DimExperiment.load imports the built package, and the
// package-exports test packs it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

const newestSource = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
};

export default function setup(): void {
  const built = path.join(packageDir, "dist", "index.js");
  const inputs = Math.max(
    newestSource(path.join(packageDir, "src")),
    statSync(path.join(packageDir, "package.json")).mtimeMs,
    statSync(path.join(packageDir, "tsup.config.ts")).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= inputs) return;
  execFileSync(process.execPath, [path.join(packageDir, "node_modules", "tsup", "dist", "cli-default.js")], {
    cwd: packageDir,
    stdio: "inherit",
  });
}
