// Checks a package the way its users will meet it: from the tarball `pnpm pack`
// produces, not from the source tree. publint lints package.json against the
// packed files; arethetypeswrong resolves every entry point under node10,
// node16 (from CJS and from ESM) and bundler resolution.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

/** attw's rule flags, keyed by the problem kinds in its JSON output. */
const ATTW_RULE_FLAGS = {
  NoResolution: "no-resolution",
  UntypedResolution: "untyped-resolution",
  FalseCJS: "false-cjs",
  FalseESM: "false-esm",
  CJSResolvesToESM: "cjs-resolves-to-esm",
  FallbackCondition: "fallback-condition",
  CJSOnlyExportsDefault: "cjs-only-exports-default",
  NamedExports: "named-exports",
  FalseExportDefault: "false-export-default",
  MissingExportEquals: "missing-export-equals",
  UnexpectedModuleSyntax: "unexpected-module-syntax",
  InternalResolutionError: "internal-resolution-error",
};

/** Resolution kinds each attw profile leaves out (mirrors attw's own profiles). */
const ATTW_PROFILE_IGNORED_RESOLUTIONS = {
  strict: [],
  node16: ["node10"],
  "esm-only": ["node10", "node16-cjs"],
};

/**
 * @param {string} pkgDir
 * @param {{ attwProfile?: "strict" | "node16" | "esm-only", attwIgnoreRules?: string[] }} [options]
 * @returns {Promise<{ publint: string[], attw: string[] }>}
 */
export async function checkPackageExports(pkgDir, options = {}) {
  const packDir = await mkdtemp(path.join(tmpdir(), "dimexp-package-exports-"));
  try {
    const tarball = await packPackage(pkgDir, packDir);
    const [publintMessages, attwMessages] = await Promise.all([
      runPublint(tarball),
      runAttw(tarball, options.attwProfile ?? "strict", options.attwIgnoreRules ?? []),
    ]);
    return { publint: publintMessages, attw: attwMessages };
  } finally {
    await rm(packDir, { recursive: true, force: true });
  }
}

/**
 * @param {string} pkgDir
 * @param {string} destination
 * @returns {Promise<string>} absolute path of the tarball
 */
async function packPackage(pkgDir, destination) {
  const { stdout } = await run(
    "pnpm",
    ["pack", "--json", "--pack-destination", destination],
    { cwd: pkgDir },
  );
  const jsonStart = stdout.indexOf("{");
  /** @type {{ filename?: string }} */
  const packed = JSON.parse(stdout.slice(jsonStart));
  if (!packed.filename) {
    throw new Error(`pnpm pack in ${pkgDir} reported no tarball:\n${stdout}`);
  }
  return path.resolve(destination, packed.filename);
}

/**
 * @param {string} tarball
 * @returns {Promise<string[]>}
 */
async function runPublint(tarball) {
  const bytes = await readFile(tarball);
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: arrayBuffer }, level: "warning" });
  return messages.map(
    (message) =>
      `publint ${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false }) ?? JSON.stringify(message)}`,
  );
}

/**
 * @param {string} tarball
 * @param {"strict" | "node16" | "esm-only"} profile
 * @param {string[]} ignoreRules
 * @returns {Promise<string[]>}
 */
async function runAttw(tarball, profile, ignoreRules) {
  const attwPackageJson = require.resolve("@arethetypeswrong/cli/package.json");
  const attwBin = path.join(path.dirname(attwPackageJson), require(attwPackageJson).bin.attw);
  // attw exits 1 when it finds problems; the JSON on stdout is still complete.
  const { stdout, stderr, exitCode } = await run(
    process.execPath,
    [
      attwBin,
      tarball,
      "--format",
      "json",
      "--profile",
      profile,
      ...(ignoreRules.length > 0 ? ["--ignore-rules", ...ignoreRules] : []),
    ],
    { allowExitCodes: [0, 1] },
  );
  /** @type {{ analysis: { types: false | { kind: string }, problems?: Array<Record<string, unknown> & { kind: string }> } }} */
  const result = JSON.parse(stdout);
  if (!result.analysis.types) {
    return ["attw: the package ships no type declarations"];
  }
  const ignoredResolutions = ATTW_PROFILE_IGNORED_RESOLUTIONS[profile];
  const problems = (result.analysis.problems ?? []).filter((problem) => {
    const ruleIgnored = ignoreRules.includes(ATTW_RULE_FLAGS[/** @type {keyof typeof ATTW_RULE_FLAGS} */ (problem.kind)]);
    const resolutionIgnored =
      typeof problem.resolutionKind === "string" && ignoredResolutions.includes(problem.resolutionKind);
    return !ruleIgnored && !resolutionIgnored;
  });
  const messages = problems.map(formatAttwProblem);
  if (exitCode !== 0 && messages.length === 0) {
    messages.push(`attw exited with ${exitCode} but reported no problems:\n${stderr}`);
  }
  return messages;
}

/** attw's one-line titles for each problem kind. */
const ATTW_PROBLEM_TITLES = {
  NoResolution: "resolution failed",
  UntypedResolution: "could not find types",
  FalseCJS: "types masquerade as CJS",
  FalseESM: "types masquerade as ESM",
  CJSResolvesToESM: "ESM only (require() resolves to ESM)",
  FallbackCondition: "resolved through a fallback condition",
  CJSOnlyExportsDefault: "CJS exports only a default",
  NamedExports: "named exports in types missing at runtime",
  FalseExportDefault: "types declare a default export the JS lacks",
  MissingExportEquals: "types lack `export =` for a CJS module",
  UnexpectedModuleSyntax: "module syntax does not match the file's format",
  InternalResolutionError: "an import inside the types does not resolve",
};

/** @param {Record<string, unknown> & { kind: string }} problem */
function formatAttwProblem(problem) {
  const kind = /** @type {keyof typeof ATTW_RULE_FLAGS} */ (problem.kind);
  const facts = [];
  if (problem.entrypoint !== undefined) facts.push(`entrypoint "${problem.entrypoint}"`);
  if (problem.resolutionKind !== undefined) facts.push(`resolution ${problem.resolutionKind}`);
  if (problem.typesFileName !== undefined) facts.push(`types ${problem.typesFileName}`);
  if (problem.implementationFileName !== undefined) facts.push(`implementation ${problem.implementationFileName}`);
  if (problem.fileName !== undefined) facts.push(`file ${problem.fileName}`);
  if (problem.moduleSpecifier !== undefined) facts.push(`import "${problem.moduleSpecifier}"`);
  if (Array.isArray(problem.missing) && problem.missing.length > 0) facts.push(`missing ${problem.missing.join(", ")}`);
  const docs = `https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${kind}.md`;
  return `attw ${ATTW_RULE_FLAGS[kind] ?? kind}: ${ATTW_PROBLEM_TITLES[kind] ?? kind} (${facts.join("; ")}); see ${docs}`;
}

/**
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, allowExitCodes?: number[] }} [options]
 * @returns {Promise<{ stdout: string, stderr: string, exitCode: number }>}
 */
async function run(file, args, options = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, {
      cwd: options.cwd,
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failure = /** @type {{ code?: unknown, stdout?: string, stderr?: string }} */ (error);
    const exitCode = typeof failure.code === "number" ? failure.code : -1;
    if ((options.allowExitCodes ?? [0]).includes(exitCode)) {
      return { stdout: failure.stdout ?? "", stderr: failure.stderr ?? "", exitCode };
    }
    throw new Error(
      `${path.basename(file)} ${args.join(" ")} failed (exit ${String(failure.code)}) in ${options.cwd ?? process.cwd()}\n` +
        `${failure.stdout ?? ""}\n${failure.stderr ?? ""}`,
    );
  }
}
