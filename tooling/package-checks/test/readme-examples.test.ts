// Every package README opens with a runnable example: this runs it. The first
// ```ts block of each README under packages/ and apps/ is executed with tsx
// (from this package, which depends on every published package, so imports
// resolve as in a user's project) in an empty working directory, and each
// `console.log(...) // expected` comment must appear in what it printed.
// A README whose example needs a server says so with an HTML comment
// `<!-- readme-example: skip (reason) -->` right before the block.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");
const repo = path.resolve(packageDir, "../..");
const tsx = path.join(repo, "node_modules/.bin/tsx");

interface Example {
  readme: string;
  code: string | undefined;
  skip: string | undefined;
}

const examples: Example[] = [];
for (const area of ["packages", "apps"]) {
  for (const name of readdirSync(path.join(repo, area))) {
    const readme = path.join(repo, area, name, "README.md");
    if (!existsSync(readme)) continue;
    const text = readFileSync(readme, "utf8");
    const first = /```(\w*)\n([\s\S]*?)```/.exec(text);
    const before = first ? text.slice(0, first.index) : "";
    const skip = /<!--\s*readme-example:\s*skip\s*\(([^)]*)\)\s*-->\s*$/.exec(before)?.[1];
    examples.push({ readme: path.relative(repo, readme), code: first?.[1] === "ts" ? first[2] : undefined, skip });
  }
}

const work = mkdtempSync(path.join(tmpdir(), "dimexp-readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README examples", () => {
  it("every published package has a README that opens with an example", () => {
    for (const name of readdirSync(path.join(repo, "packages"))) {
      const manifest = JSON.parse(readFileSync(path.join(repo, "packages", name, "package.json"), "utf8")) as { private?: boolean };
      if (manifest.private) continue;
      expect(examples.some((e) => e.readme === `packages/${name}/README.md`), `packages/${name}/README.md`).toBe(true);
    }
  });

  for (const example of examples.filter((e) => e.code !== undefined)) {
    const test = example.skip ? it.skip : it;
    test(`${example.readme}${example.skip ? ` (skipped: ${example.skip})` : ""}`, async () => {
      const code = example.code as string;
      const script = path.join(packageDir, `.readme-example-${process.pid}-${examples.indexOf(example)}.mts`);
      writeFileSync(script, code);
      const cwd = mkdtempSync(path.join(work, "cwd-"));
      try {
        const { stdout } = await run(tsx, [script], { cwd, env: { ...process.env, DIMEXP_TRACKING_URI: "", MLFLOW_TRACKING_URI: "" } });
        for (const line of code.split("\n")) {
          const expected = /console\.log\(.*\);?\s*\/\/\s*(.+)$/.exec(line)?.[1]?.trim();
          if (expected) expect(stdout, `${example.readme}: ${line.trim()}`).toContain(expected);
        }
      } finally {
        rmSync(script, { force: true });
      }
    }, 60_000);
  }
});
