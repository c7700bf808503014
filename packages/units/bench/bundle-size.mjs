// Goal 3: @dimexp/units bundled, minified and gzipped is ≤ 20 kB, measured the same way
// as mathjs (and js-quantities) in the same run.

import { gzipSync } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { goal, header, table } from "./harness.mjs";

const OURS = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const KB = 1000;

/** Bundles an ESM entry (a file, or source text re-exporting from one), minifies and gzips it. */
const measure = async ({ entry, contents }) => {
  const result = await build({
    ...(contents ? { stdin: { contents, resolveDir: process.cwd(), loader: "js" } } : { entryPoints: [entry] }),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    // neutral has no default main fields; dependencies that only have "main" still resolve
    mainFields: ["module", "main"],
    write: false,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const bytesFrom = (pattern) =>
    Object.entries(inputs)
      .filter(([path]) => pattern.test(path))
      .reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
  return { min: code.length, gz, bytesFrom };
};

const kB = (bytes) => `${(bytes / KB).toFixed(1)} kB (${bytes} B)`;

export const run = async () => {
  header("3. bundle size (esbuild bundle + minify, esm, platform neutral; gzip level 9)");
  const mathjsEntry = fileURLToPath(import.meta.resolve("mathjs"));
  const jsqEntry = fileURLToPath(import.meta.resolve("js-quantities/esm"));
  const ours = await measure({ entry: OURS });
  const mathjs = await measure({ entry: mathjsEntry });
  const jsq = await measure({ entry: jsqEntry });
  // What an application importing one function ships after tree-shaking.
  const oursParse = await measure({ contents: `export { parseQuantity } from ${JSON.stringify(OURS)};` });
  const mathjsUnit = await measure({ contents: `export { unit } from ${JSON.stringify(mathjsEntry)};` });

  const fpTs = ours.bytesFrom(/node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?fp-ts[\\/]/);
  console.log(
    `  fp-ts in our bundle: ${fpTs === 0 ? "none (only its types are imported; nothing to bundle)" : `${fpTs} bytes minified (bundled)`}`,
  );
  table([
    ["bundle (1 kB = 1000 B)", "minified", "gzip -9"],
    ["@dimexp/units (dist/index.js, whole API)", kB(ours.min), kB(ours.gz)],
    ["mathjs (ESM entry, whole API)", kB(mathjs.min), kB(mathjs.gz)],
    ["js-quantities (ESM entry)", kB(jsq.min), kB(jsq.gz)],
    ["@dimexp/units, only { parseQuantity } imported", kB(oursParse.min), kB(oursParse.gz)],
    ["mathjs, only { unit } imported", kB(mathjsUnit.min), kB(mathjsUnit.gz)],
  ]);
  console.log(`  mathjs / ours (gzip, whole API) = ${(mathjs.gz / ours.gz).toFixed(1)}×`);
  console.log(`  js-quantities / ours (gzip)     = ${(jsq.gz / ours.gz).toFixed(2)}×`);
  console.log(`  mathjs { unit } / ours { parseQuantity } (gzip) = ${(mathjsUnit.gz / oursParse.gz).toFixed(1)}×`);
  return [goal("bundle size, gzip", ours.gz / KB, 20, " kB", false)];
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
