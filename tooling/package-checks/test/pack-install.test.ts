// Proves every published @dimexp package installs and works the way a user gets
// it: `pnpm pack` -> `npm install <tarball>` into an empty project, then ESM
// import, CJS require and TypeScript (node16 and bundler resolution) against
// the installed copy, never the workspace source.
//
// Packages are found by scanning packages/*. Each one must also be listed in
// this package's devDependencies as "workspace:*": that is what makes turbo
// build it before this test runs (a test below enforces it). Commands in
// "bin" must run `--help` successfully from the installed copy.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const execFileAsync = promisify(execFile);

const TYPESCRIPT_VERSION = "5.9.3";
const TYPES_NODE_RANGE = "^20.19.43";
const NPM_INSTALL_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const thisPackageDir = fileURLToPath(new URL("../", import.meta.url));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  main?: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

interface CheckResult {
  check: string;
  ok: boolean;
  output: string;
}

async function readPackagesUnder(folder: string): Promise<WorkspacePackage[]> {
  const parent = path.join(repoRoot, folder);
  const entries = await readdir(parent, { withFileTypes: true });
  const found: WorkspacePackage[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(parent, entry.name);
    const manifestText = await readFile(path.join(dir, "package.json"), "utf8").catch(() => undefined);
    if (manifestText === undefined) continue;
    found.push({ dir, manifest: JSON.parse(manifestText) as Manifest });
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

const publishedPackages = (await readPackagesUnder("packages")).filter((pkg) => pkg.manifest.private !== true);
const publishedByName = new Map(publishedPackages.map((pkg) => [pkg.manifest.name, pkg]));
const thisManifest = JSON.parse(await readFile(path.join(thisPackageDir, "package.json"), "utf8")) as Manifest;

/** Runtime dependencies that are other workspace packages (scope @dimexp). */
function workspaceDependencies(manifest: Manifest): string[] {
  const names = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  return [...names].filter((name) => name.startsWith("@dimexp/"));
}

/** The package and every @dimexp package it needs at runtime, transitively. */
function dependencyClosure(name: string): string[] {
  const closure = new Set<string>();
  const visit = (current: string, requiredBy: string) => {
    if (closure.has(current)) return;
    const pkg = publishedByName.get(current);
    if (pkg === undefined) {
      throw new Error(`${requiredBy} depends on ${current}, which is not a published package under packages/*`);
    }
    closure.add(current);
    for (const dependency of workspaceDependencies(pkg.manifest)) visit(dependency, current);
  };
  visit(name, name);
  return [...closure];
}

/**
 * Import specifiers for every exported subpath except package.json and
 * patterns. A command-only package (bin, no exports or main) has none.
 */
function exportedSpecifiers(manifest: Manifest): string[] {
  const { exports } = manifest;
  if (exports === undefined && manifest.main === undefined && manifest.bin !== undefined) return [];
  const isSubpathMap =
    typeof exports === "object" && exports !== null && Object.keys(exports).some((key) => key.startsWith("."));
  if (!isSubpathMap) return [manifest.name];
  return Object.keys(exports as Record<string, unknown>)
    .filter((subpath) => subpath !== "./package.json" && !subpath.includes("*"))
    .map((subpath) => (subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`));
}

/** Names of the commands a package installs into node_modules/.bin. */
function binNames(manifest: Manifest): string[] {
  if (manifest.bin === undefined) return [];
  if (typeof manifest.bin === "string") return [manifest.name.replace(/^@[^/]+\//, "")];
  return Object.keys(manifest.bin);
}

/**
 * Environment for child processes: no npm_/pnpm_ variables leaked from the
 * pnpm/turbo that runs this test, so npm behaves as on a user's machine.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // NODE_PATH too: pnpm sets it for scripts, and it would let a consumer resolve
    // workspace packages it never installed.
    if (/^(npm|pnpm)_/i.test(key) || key === "INIT_CWD" || key === "NODE_OPTIONS" || key === "NODE_PATH") continue;
    env[key] = value;
  }
  // node-gyp (better-sqlite3 compiles from source here) must use the local
  // Node headers instead of trying to download them.
  env.npm_config_nodedir = path.dirname(path.dirname(process.execPath));
  env.NO_COLOR = "1";
  env.FORCE_COLOR = "0";
  return env;
}

async function run(
  file: string,
  args: string[],
  cwd: string,
): Promise<{ ok: boolean; stdout: string; stderr: string; exitCode: number | string | undefined }> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, {
      cwd,
      env: cleanEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string; message?: string };
    return {
      ok: false,
      stdout: failure.stdout ?? "",
      stderr: failure.stderr ?? failure.message ?? "",
      exitCode: failure.code,
    };
  }
}

async function runOrThrow(file: string, args: string[], cwd: string): Promise<string> {
  const result = await run(file, args, cwd);
  if (!result.ok) {
    throw new Error(
      `\`${path.basename(file)} ${args.join(" ")}\` failed (exit ${String(result.exitCode)}) in ${cwd}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

async function check(name: string, file: string, args: string[], cwd: string): Promise<CheckResult> {
  const result = await run(file, args, cwd);
  // Inline scripts are shown by name, not in full, in the failure report.
  const shownArgs = args.map((arg) => (arg === ESM_LOAD_SCRIPT || arg === CJS_LOAD_SCRIPT ? "<load script>" : arg));
  return {
    check: name,
    ok: result.ok,
    output: `$ ${path.basename(file)} ${shownArgs.join(" ")}${result.ok ? "" : `  (exit ${String(result.exitCode)})`}\n${result.stdout}${result.stderr}`.trim(),
  };
}

let workDir = "";
let toolchainDir = "";
const tarballs = new Map<string, string>();

async function packAll(destination: string): Promise<void> {
  await Promise.all(
    publishedPackages.map(async (pkg) => {
      const stdout = await runOrThrow("pnpm", ["pack", "--json", "--pack-destination", destination], pkg.dir);
      const packed = JSON.parse(stdout.slice(stdout.indexOf("{"))) as { filename?: string };
      if (packed.filename === undefined) throw new Error(`pnpm pack reported no tarball for ${pkg.manifest.name}`);
      tarballs.set(pkg.manifest.name, path.resolve(destination, packed.filename));
    }),
  );
}

/** TypeScript and Node's types, installed once and shared by every consumer project. */
async function installToolchain(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "toolchain", private: true }, null, 2));
  await runOrThrow(
    "npm",
    ["install", `typescript@${TYPESCRIPT_VERSION}`, `@types/node@${TYPES_NODE_RANGE}`, ...NPM_INSTALL_FLAGS],
    dir,
  );
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "dimexp-pack-install-"));
  toolchainDir = path.join(workDir, "toolchain");
  const tarballDir = path.join(workDir, "tarballs");
  await mkdir(tarballDir, { recursive: true });
  await Promise.all([packAll(tarballDir), installToolchain(toolchainDir)]);
}, 600_000);

afterAll(async () => {
  if (workDir === "") return;
  if (process.env.DIMEXP_KEEP_PACK_INSTALL === "1") {
    console.log(`[pack-install] kept ${workDir}`);
    return;
  }
  await rm(workDir, { recursive: true, force: true });
});

test("packages/* holds at least one published package", () => {
  expect(publishedPackages.map((pkg) => pkg.manifest.name)).toContain("@dimexp/units");
});

test("every published package is a workspace devDependency here, so turbo builds it before this test", () => {
  const declared = thisManifest.devDependencies ?? {};
  const missing = publishedPackages
    .map((pkg) => pkg.manifest.name)
    .filter((name) => declared[name] !== "workspace:*")
    .map((name) => `add "${name}": "workspace:*" to devDependencies of ${thisManifest.name}`);
  expect(missing).toEqual([]);
});

describe.concurrent.each(publishedPackages.map((pkg) => [pkg.manifest.name, pkg] as const))(
  "%s installed from its tarball",
  (name, pkg) => {
    test("installs with npm; every export loads through import and require and type-checks under node16 and bundler; every command runs --help", async () => {
      const consumerDir = path.join(workDir, "consumers", name.replace(/[@/]/g, "_"));
      await mkdir(consumerDir, { recursive: true });
      await writeFile(
        path.join(consumerDir, "package.json"),
        JSON.stringify({ name: "consumer", version: "0.0.0", private: true, type: "module" }, null, 2),
      );

      const needed = dependencyClosure(name).map((dependency) => {
        const tarball = tarballs.get(dependency);
        if (tarball === undefined) throw new Error(`no tarball for ${dependency}`);
        return tarball;
      });
      // Optional peers (vitest for @dimexp/core/testing) are what a user of that
      // subpath installs beside it; declared ranges only, nothing else.
      const optionalPeers = Object.entries(pkg.manifest.peerDependencies ?? {})
        .filter(([peer]) => !peer.startsWith("@dimexp/"))
        .map(([peer, range]) => `${peer}@${range}`);
      await runOrThrow("npm", ["install", ...needed, ...optionalPeers, ...NPM_INSTALL_FLAGS], consumerDir);

      const installedVersion = (
        JSON.parse(await readFile(path.join(consumerDir, "node_modules", name, "package.json"), "utf8")) as Manifest
      ).version;
      expect(installedVersion).toBe(pkg.manifest.version);

      const specifiers = exportedSpecifiers(pkg.manifest);
      const commands = binNames(pkg.manifest);
      expect(specifiers.length + commands.length, `${name} exports no module and no command`).toBeGreaterThan(0);
      const tsc = path.join(toolchainDir, "node_modules", "typescript", "bin", "tsc");

      const checks: Array<Promise<CheckResult>> = commands.map((command) =>
        check(`${command} --help`, path.join(consumerDir, "node_modules", ".bin", command), ["--help"], consumerDir),
      );
      if (specifiers.length > 0) {
        await writeTypeScriptChecks(consumerDir, specifiers);
        const specifiersJson = JSON.stringify(specifiers);
        checks.push(
          check("ESM import()", process.execPath, ["--input-type=module", "-e", ESM_LOAD_SCRIPT, specifiersJson], consumerDir),
          check("CJS require()", process.execPath, ["-e", CJS_LOAD_SCRIPT, specifiersJson], consumerDir),
          check("tsc (module node16, moduleResolution node16)", process.execPath, [tsc, "-p", "tsconfig.node16.json"], consumerDir),
          check("tsc (module preserve, moduleResolution bundler)", process.execPath, [tsc, "-p", "tsconfig.bundler.json"], consumerDir),
        );
      }
      if (name === "@dimexp/core") {
        // Installed alone, core must name the backend package a URI needs —
        // never a module-resolution stack trace, never the URI's password.
        checks.push(
          check("missing backend package is named", process.execPath, ["--input-type=module", "-e", MISSING_BACKEND_SCRIPT], consumerDir),
        );
      }
      const results = await Promise.all(checks);
      const failures = results.filter((result) => !result.ok).map((result) => `${result.check} failed:\n${result.output}`);
      expect(failures, `${name}: checks failed in ${consumerDir}`).toEqual([]);
    });
  },
);

// Each script gets a JSON array of specifiers as its first argument and fails
// unless every one loads and exposes at least one named export.
const ESM_LOAD_SCRIPT = `
for (const specifier of JSON.parse(process.argv[1])) {
  const loaded = await import(specifier);
  const names = Object.keys(loaded).filter((key) => key !== "default");
  if (names.length === 0) throw new Error(specifier + " loaded through import() but has no named exports");
  console.log(specifier + " (ESM): " + names.length + " exports");
}
`;

const MISSING_BACKEND_SCRIPT = `
import { DimExperiment } from "@dimexp/core";
const cases = [
  ["./runs.db", "@dimexp/backend-local"],
  ["https://alice:s3cret@mlflow.example:5000", "@dimexp/backend-mlflow"],
  ["wandb://team/project", "@dimexp/backend-wandb"],
];
for (const [uri, pkg] of cases) {
  try {
    await DimExperiment.open("x", { backend: uri });
    throw new Error("opened " + uri + " without " + pkg);
  } catch (e) {
    if (e?.error?._tag !== "BackendNotInstalled") throw e;
    if (!e.message.includes("pnpm add " + pkg)) throw new Error("message does not name " + pkg + ": " + e.message);
    if (e.message.includes("s3cret")) throw new Error("message leaks the password: " + e.message);
    console.log(uri.replace("s3cret", "***") + " -> " + e.message);
  }
}
`;

const CJS_LOAD_SCRIPT = `
for (const specifier of JSON.parse(process.argv[1])) {
  const loaded = require(specifier);
  const names = Object.keys(loaded).filter((key) => key !== "default" && key !== "__esModule");
  if (names.length === 0) throw new Error(specifier + " loaded through require() but has no exports");
  console.log(specifier + " (CJS): " + names.length + " exports");
}
`;

/**
 * check.ts imports and check.cts requires every specifier; each asserts at the
 * type level that the module's types have at least one export, so a module
 * that resolves to nothing (or to an implicit any) fails.
 */
async function writeTypeScriptChecks(consumerDir: string, specifiers: string[]): Promise<void> {
  const hasExports = "type HasExports<T> = [keyof T] extends [never] ? false : true;";
  const esm = [
    ...specifiers.map((specifier, index) => `import * as subject${index} from ${JSON.stringify(specifier)};`),
    hasExports,
    ...specifiers.map((_, index) => `export const subject${index}HasExports: HasExports<typeof subject${index}> = true;`),
  ];
  const cjs = [
    ...specifiers.map((specifier, index) => `import subject${index} = require(${JSON.stringify(specifier)});`),
    hasExports,
    ...specifiers.map((_, index) => `export const subject${index}HasExports: HasExports<typeof subject${index}> = true;`),
  ];
  await writeFile(path.join(consumerDir, "check.ts"), `${esm.join("\n")}\n`);
  await writeFile(path.join(consumerDir, "check.cts"), `${cjs.join("\n")}\n`);

  const compilerOptions = {
    target: "ES2022",
    strict: true,
    noEmit: true,
    // The point is to type-check the package's own .d.ts files as shipped.
    skipLibCheck: false,
    types: ["node"],
    typeRoots: [path.join(toolchainDir, "node_modules", "@types")],
  };
  const tsconfig = (moduleOptions: Record<string, string>) =>
    JSON.stringify({ compilerOptions: { ...compilerOptions, ...moduleOptions }, files: ["check.ts", "check.cts"] }, null, 2);
  await writeFile(
    path.join(consumerDir, "tsconfig.node16.json"),
    tsconfig({ module: "node16", moduleResolution: "node16" }),
  );
  // `preserve` is the module mode meant for bundlers; unlike esnext it allows
  // `import x = require()` in check.cts, so the "require" condition is checked too.
  await writeFile(
    path.join(consumerDir, "tsconfig.bundler.json"),
    tsconfig({ module: "preserve", moduleResolution: "bundler" }),
  );
}
