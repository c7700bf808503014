import { libraryConfig } from "@dimexp/tooling-tsup";

// One build for the library (runCli) and the `dimexp` command. Only the library
// has types; package.json ships only the ESM bin (the CJS copy is a by-product).
export default {
  ...libraryConfig({ entry: { index: "src/index.ts", bin: "src/bin.ts" }, platform: "node" }),
  dts: { entry: { index: "src/index.ts" } },
};
