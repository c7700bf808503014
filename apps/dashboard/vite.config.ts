import { defineConfig } from "vite";

// Built to dist/, which the CLI's build copies into @dimexp/cli (dist/dashboard)
// and `dimexp ui` serves. Relative asset URLs let it live under any path.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // vega is one large chunk, loaded only when a comparison opens
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { "/api": process.env.DIMEXP_UI_URL ?? "http://127.0.0.1:7707" } },
});
