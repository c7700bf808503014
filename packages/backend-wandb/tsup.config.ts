import { libraryConfig } from "@dimexp/tooling-tsup";

export default libraryConfig({ entry: { index: "src/index.ts", testing: "src/testing/index.ts" }, platform: "node" });
