// Copies the dashboard's build (apps/dashboard/dist) into dist/dashboard, so the
// files `dimexp ui` serves ship inside the @dimexp/cli tarball. turbo builds the
// dashboard first (packages/cli/turbo.json: build dependsOn @dimexp/dashboard#build).
import { cpSync, existsSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(cliDir, "..", "..", "apps", "dashboard", "dist");
const target = join(cliDir, "dist", "dashboard");

if (!existsSync(join(source, "index.html"))) {
  console.error(
    `@dimexp/cli build: the dashboard is not built (no ${relative(process.cwd(), join(source, "index.html"))}).\n` +
      "Build everything with `pnpm build` from the repository root (turbo builds apps/dashboard first),\n" +
      "or run `pnpm --filter @dimexp/dashboard build` before building the CLI alone.",
  );
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
console.log(`@dimexp/cli build: dashboard copied to ${relative(cliDir, target)}`);
