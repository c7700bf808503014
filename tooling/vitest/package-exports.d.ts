export interface PackageExportsProblems {
  /** publint messages (level "warning": warnings and errors), formatted for people. */
  publint: string[];
  /** arethetypeswrong problems under the chosen profile, formatted for people. */
  attw: string[];
}

export interface CheckPackageExportsOptions {
  /** attw analysis profile; default "strict" (node10, node16 from CJS and ESM, bundler). */
  attwProfile?: "strict" | "node16" | "esm-only";
  /** attw rule flags to ignore, e.g. "cjs-resolves-to-esm". Default none. */
  attwIgnoreRules?: string[];
}

/**
 * Packs `pkgDir` with `pnpm pack` and checks the tarball with publint and
 * @arethetypeswrong/cli. Empty arrays mean the package is clean.
 */
export declare function checkPackageExports(
  pkgDir: string,
  options?: CheckPackageExportsOptions,
): Promise<PackageExportsProblems>;
