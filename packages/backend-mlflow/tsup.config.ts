import { libraryConfig } from "@dimexp/tooling-tsup";

export default libraryConfig({ entry: { index: "src/index.ts" }, platform: "node" });
