// DimExperiment.load lives in core but reads files with @dimexp/io, a layer
// above: io registers its loader when imported. Without it, load must be a
// typed error naming the package and the fix — never a dynamic import of io.

import { describe, expect, it } from "vitest";
import { DimExperiment, DimexpError, type LoadOptions, createMemoryBackend, registerExperimentLoader } from "../src/index.js";

describe("DimExperiment.load", () => {
  it("without @dimexp/io imported, rejects with BackendNotInstalled naming @dimexp/io and how to register it", async () => {
    const error = await DimExperiment.load("results/heat.json").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DimexpError);
    const tagged = (error as DimexpError).error;
    expect(tagged._tag).toBe("BackendNotInstalled");
    expect(tagged).toMatchObject({ packageName: "@dimexp/io", uri: "results/heat.json" });
    expect(tagged.message).toContain('import "@dimexp/io"');
    expect(tagged.message).toContain("pnpm add @dimexp/io");
  });

  it("uses the registered loader, handing it the path and options", async () => {
    const calls: Array<[string, LoadOptions]> = [];
    const backend = createMemoryBackend();
    registerExperimentLoader(async (path, options) => {
      calls.push([path, options]);
      return DimExperiment.open("loaded", { backend });
    });
    const exp = await DimExperiment.load("heat.h5", { experiment: "copy" });
    expect(exp.name).toBe("loaded");
    expect(calls).toEqual([["heat.h5", { experiment: "copy" }]]);
  });
});
