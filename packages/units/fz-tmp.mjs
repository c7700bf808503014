import { build } from "esbuild";
await build({ entryPoints: ["/work/main/packages/units/src/index.ts"], bundle: true, format: "esm", platform: "neutral", outfile: `/tmp/bundle-new.mjs`, logLevel: "error" });
