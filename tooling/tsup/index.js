// Shared tsup preset: every published package ships ESM + CJS + .d.ts/.d.cts,
// so `import`, `require` and TypeScript (node16, bundler) all resolve it.
import { defineConfig } from "tsup";

/**
 * @param {{ entry: Record<string, string> | string[], platform?: "node" | "neutral", external?: string[] }} options
 */
export function libraryConfig(options) {
  return defineConfig({
    entry: options.entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    target: "es2022",
    platform: options.platform ?? "neutral",
    external: options.external ?? [],
  });
}
