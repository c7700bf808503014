// The size budget is part of the issue (≤ 20 kB minified + gzipped, whole API),
// and it is close: a size (not a timing) is safe to assert, so it is a test as
// well as a benchmark line.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

it("the whole @dimexp/units API bundles to at most 20 kB minified + gzipped", async () => {
  const result = await build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipped = gzipSync(code, { level: 9 }).length;
  expect(gzipped).toBeLessThanOrEqual(20_000);
});
