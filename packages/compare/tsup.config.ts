import { libraryConfig } from "@dimexp/tooling-tsup";

// apache-arrow is imported only by the ./arrow entry, so the main entry stays light.
export default libraryConfig({
  entry: { index: "src/index.ts", arrow: "src/arrow.ts" },
  platform: "neutral",
  external: ["apache-arrow"],
});
