import { defineConfig } from "vite";

// Built to dist/, this package's published output, which `dimexp ui` finds in
// the installed @dimexp/dashboard and serves. Relative asset URLs let it live under any path.
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
