// DimExperiment.load reads files with @dimexp/io, which sits a layer above
// core: core must not import it, not even dynamically (the layering test in
// tooling/package-checks forbids it). So io hands core its loader when io is
// imported, and DimExperiment.load without it is a typed error saying so.

import type { DimExperiment, LoadOptions } from "./experiment.js";

/** What @dimexp/io registers: opens an exported file as a DimExperiment. */
export type ExperimentLoader = (path: string, options: LoadOptions) => Promise<DimExperiment>;

let registered: ExperimentLoader | undefined;

/** Makes DimExperiment.load use `loader` (importing @dimexp/io does this for you). */
export const registerExperimentLoader = (loader: ExperimentLoader): void => {
  registered = loader;
};

/** The registered loader, if a package registered one. */
export const experimentLoader = (): ExperimentLoader | undefined => registered;
