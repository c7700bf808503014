import { build } from "esbuild";
const r = await build({ entryPoints: ["src/index.ts"], bundle: true, minify: true, format: "esm", platform: "neutral", write: false });
const code = new TextDecoder().decode(r.outputFiles[0].contents);
// crude JS string scanner
const lits = []; let i = 0;
while (i < code.length) {
  const c = code[i];
  if (c === '"' || c === "'" || c === "`") {
    let j = i + 1, depth = 0;
    while (j < code.length) {
      if (code[j] === "\\") { j += 2; continue; }
      if (c === "`" && code[j] === "$" && code[j+1] === "{") { // skip template expr
        let d = 1; j += 2; while (d && j < code.length) { if (code[j] === "{") d++; else if (code[j] === "}") d--; else if (code[j]==='"'||code[j]==="'") { const q=code[j]; j++; while(code[j]!==q) { if(code[j]==="\\") j++; j++; } } j++; } continue; }
      if (code[j] === c) break; j++;
    }
    lits.push(code.slice(i, j + 1)); i = j + 1;
  } else if (c === "/" && /[(,=:!&|?{};]/.test(code[i-1])) { // regex literal
    let j = i + 1; while (j < code.length && code[j] !== "/") { if (code[j] === "\\") j++; else if (code[j] === "[") { while (code[j] !== "]") j++; } j++; } i = j + 1;
  } else i++;
}
const msgs = lits.filter(s => / /.test(s) && s.length > 30);
console.log("total msg chars", msgs.reduce((a, s) => a + s.length, 0), msgs.length);
for (const s of msgs.sort((a,b)=>b.length-a.length)) console.log(s.length, s.slice(0, 200));
