import { build } from "esbuild";
const f = process.argv[2];
const result = await build({ entryPoints: [f], bundle: false, minify: true, format: "esm", platform: "neutral", write: false });
console.log(new TextDecoder().decode(result.outputFiles[0].contents));
