import { defineConfig } from "tsup";

// An application, not a library: one ESM file for Node, no types, and
// the @dimexp packages left as imports (tsup externalises dependencies).
export default defineConfig({
  entry: { main: "src/main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  dts: false,
});
