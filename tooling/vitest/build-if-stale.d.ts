/** Builds `packageDir`'s dist/ with tsup when it is missing or older than src/, package.json or tsup.config.ts. */
export declare function buildIfStale(packageDir: string): void;
/** vitest globalSetup entry: builds the project being tested. */
export default function setup(project?: { config?: { root?: string } }): void;
