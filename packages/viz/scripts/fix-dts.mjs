// vega-lite is an ES module only. A CommonJS declaration file (.d.cts) may
// refer to its types only through a type-only import that asks for ESM
// resolution, or TypeScript (node16) reports TS1479/TS1541 in every CommonJS
// consumer. tsup's bundled declarations write plain imports; this rewrites
// them after the build.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const ESM_ONLY = ["vega-lite", "vega", "@resvg/resvg-js"];
let changed = 0;
for (const file of readdirSync(dist).filter((f) => f.endsWith(".d.cts"))) {
  const path = dist + file;
  const before = readFileSync(path, "utf8");
  const after = before.replace(/^(import|export) \{ ([^}]*) \} from '([^']+)';$/gm, (line, keyword, names, from) =>
    ESM_ONLY.includes(from) ? `${keyword} type { ${names} } from '${from}' with { 'resolution-mode': 'import' };` : line,
  );
  if (after !== before) {
    writeFileSync(path, after);
    changed++;
  }
}
console.log(`fix-dts: ${changed} .d.cts file(s) import vega-lite types with resolution-mode "import"`);
