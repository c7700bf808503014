/**
 * The tsup options the preset produces. Declared here rather than borrowed
 * from tsup's types so that a package's tsup.config.ts type-checks under
 * `declaration: true` (tsup's types live in this package's node_modules,
 * which TypeScript refuses to name from another package: TS2742).
 */
export interface LibraryConfig {
  entry: Record<string, string> | string[];
  format: Array<"esm" | "cjs">;
  dts: boolean;
  sourcemap: boolean;
  clean: boolean;
  splitting: boolean;
  treeshake: boolean;
  target: string;
  platform: "node" | "neutral";
  external: string[];
}

/** Shared tsup preset: ESM + CJS + .d.ts/.d.cts for every published package. */
export declare function libraryConfig(options: {
  entry: Record<string, string> | string[];
  platform?: "node" | "neutral";
  external?: string[];
}): LibraryConfig;
