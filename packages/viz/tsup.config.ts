import { libraryConfig } from "@dimexp/tooling-tsup";

// Two entries: the pure spec builders (index, no runtime dependency on
// vega-lite) and ./render (Node: vega, vega-lite and resvg, imported lazily).
export default libraryConfig({
  entry: { index: "src/index.ts", render: "src/render/index.ts" },
  platform: "node",
  external: ["vega", "vega-lite", "@resvg/resvg-js"],
});
