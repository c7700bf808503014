import { gzipSync } from "node:zlib";
import { build } from "esbuild";
const result = await build({ entryPoints: ["/work/main/packages/units/src/index.ts"], bundle: true, minify: true, format: "esm", platform: "neutral", write: false, metafile: true });
console.log(gzipSync(result.outputFiles[0].contents, { level: 9 }).length, result.outputFiles[0].contents.length);
const out = Object.values(result.metafile.outputs)[0];
for (const [k, v] of Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(k.replace(/.*src\//,""), v.bytesInOutput);
