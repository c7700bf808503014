import { gzipSync } from "node:zlib";
import { build } from "esbuild";
const result = await build({ entryPoints: ["/work/main/packages/units/src/index.ts"], bundle: true, minify: true, format: "esm", platform: "neutral", write: false });
console.log(gzipSync(result.outputFiles[0].contents, { level: 9 }).length);
