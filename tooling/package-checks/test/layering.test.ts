// Dependencies point one way: units ← core ← {backends, compare, io} ← viz ← cli ← apps.
// This reads every package's manifest and every import in its src/ and fails
// when a package depends on one at its own layer or above (siblings such as
// two backends must not know each other), or reaches into another package's
// src/internal. Test code may use packages of the same layer (a backend's
// tests may write through the local store), never one above.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The layer of each workspace package: a package may depend only on lower layers. */
const LAYERS: Readonly<Record<string, number>> = {
  "@dimexp/units": 0,
  "@dimexp/core": 1,
  "@dimexp/backend-local": 2,
  "@dimexp/backend-mlflow": 2,
  "@dimexp/backend-wandb": 2,
  "@dimexp/compare": 2,
  "@dimexp/io": 2,
  // viz draws comparisons, so it sits one layer above compare.
  "@dimexp/viz": 3,
  "@dimexp/cli": 4,
  "@dimexp/dashboard": 5,
  "@dimexp/demo": 5,
};

interface Workspace {
  readonly name: string;
  readonly dir: string;
  readonly manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
}

const workspaces: Workspace[] = [];
for (const area of ["packages", "apps"]) {
  for (const entry of readdirSync(path.join(repo, area))) {
    const manifestPath = path.join(repo, area, entry, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    workspaces.push({ name: manifest.name, dir: path.join(repo, area, entry), manifest });
  }
}

const sourceFiles = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry)) files.push(full);
  }
  return files;
};

/** Module specifiers a file imports: static, type-only, re-exports, dynamic import() and require(). */
const importedSpecifiers = (code: string): string[] => {
  const found: string[] = [];
  const patterns = [/\bfrom\s+["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s+["']([^"']+)["']/gm];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1] as string);
  return found;
};

const packageOf = (specifier: string): string | undefined => /^(@dimexp\/[^/]+)/.exec(specifier)?.[1];

describe("layering", () => {
  it("knows the layer of every workspace package", () => {
    const unknown = workspaces.map((w) => w.name).filter((name) => !(name in LAYERS) && !name.startsWith("@dimexp/tooling"));
    expect(unknown, "add new packages to LAYERS in this test").toEqual([]);
  });

  for (const workspace of workspaces.filter((w) => w.name in LAYERS)) {
    const layer = LAYERS[workspace.name] as number;

    it(`${workspace.name} depends only on lower layers`, () => {
      const problems: string[] = [];
      const runtime = { ...workspace.manifest.dependencies, ...workspace.manifest.peerDependencies };
      for (const dep of Object.keys(runtime)) {
        const depLayer = LAYERS[dep];
        if (depLayer !== undefined && depLayer >= layer) problems.push(`package.json depends on ${dep} (layer ${depLayer} ≥ ${layer})`);
      }
      for (const dep of Object.keys(workspace.manifest.devDependencies ?? {})) {
        const depLayer = LAYERS[dep];
        if (depLayer !== undefined && depLayer > layer) problems.push(`package.json devDepends on ${dep} (layer ${depLayer} > ${layer})`);
      }
      for (const file of sourceFiles(path.join(workspace.dir, "src"))) {
        for (const specifier of importedSpecifiers(readFileSync(file, "utf8"))) {
          const target = packageOf(specifier);
          const targetLayer = target === undefined ? undefined : LAYERS[target];
          if (target === workspace.name || targetLayer === undefined) continue;
          if (targetLayer >= layer) problems.push(`${path.relative(repo, file)} imports ${specifier} (layer ${targetLayer} ≥ ${layer})`);
        }
      }
      expect(problems).toEqual([]);
    });

    it(`${workspace.name} never reaches into another package's internals`, () => {
      const problems: string[] = [];
      const files = [...sourceFiles(path.join(workspace.dir, "src")), ...sourceFiles(path.join(workspace.dir, "test")), ...sourceFiles(path.join(workspace.dir, "bench"))];
      for (const file of files) {
        for (const specifier of importedSpecifiers(readFileSync(file, "utf8"))) {
          const intoPackage = packageOf(specifier) !== undefined && /\/(src|dist)\//.test(specifier);
          const relative = specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : undefined;
          const escapes = relative !== undefined && !relative.startsWith(workspace.dir + path.sep) && /[/\\](src)[/\\]/.test(relative);
          if (intoPackage || escapes) problems.push(`${path.relative(repo, file)} imports ${specifier}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
