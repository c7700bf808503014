// Builds a package's dist/ before its tests when dist/ is missing or older
// than any of its inputs. turbo's `test` task builds first anyway; this covers
// a bare `vitest run` in a package whose tests run the built code (child
// processes, packing for publint/attw, core importing a backend by name).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const newestIn = (dir) => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : statSync(full).mtimeMs);
  }
  return newest;
};

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const BUILD_LOCK = path.join(os.tmpdir(), "dimexp-build.lock");
let flockPresent;
const hasFlock = () => {
  if (flockPresent === undefined) {
    try {
      execFileSync("flock", ["--version"], { stdio: "ignore" });
      flockPresent = true;
    } catch {
      flockPresent = false;
    }
  }
  return flockPresent;
};

/** @param {string} packageDir */
export function buildIfStale(packageDir) {
  const built = path.join(packageDir, "dist", "index.js");
  const inputs = Math.max(
    newestIn(path.join(packageDir, "src")),
    mtime(path.join(packageDir, "package.json")),
    mtime(path.join(packageDir, "tsup.config.ts")),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= inputs) return;
  const tsup = [process.execPath, path.join(packageDir, "node_modules", "tsup", "dist", "cli-default.js")];
  // tsup empties dist/ before writing it: two test runs rebuilding the same
  // package at once would each see the other's half-written output. One
  // machine-wide lock (util-linux flock, when present) serialises the builds.
  const [command, ...args] = hasFlock() ? ["flock", BUILD_LOCK, ...tsup] : tsup;
  execFileSync(command, args, { cwd: packageDir, stdio: "inherit" });
}

/** vitest globalSetup entry: builds the project being tested. */
export default function setup(project) {
  buildIfStale(project?.config?.root ?? process.cwd());
}
