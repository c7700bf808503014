import { libraryConfig } from "@dimexp/tooling-tsup";

// One build for the library (runCli), the dashboard server (./ui) and the
// `dimexp` command. Only the libraries have types; package.json ships only the
// ESM bin (the CJS copy is a by-product). The shims give the CommonJS build of
// ./ui an import.meta.url, which it uses to find the dashboard's files.
export default {
  ...libraryConfig({ entry: { index: "src/index.ts", ui: "src/ui/index.ts", bin: "src/bin.ts" }, platform: "node" }),
  dts: { entry: { index: "src/index.ts", ui: "src/ui/index.ts" } },
  shims: true,
};
