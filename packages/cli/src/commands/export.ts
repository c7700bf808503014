import { DimexpIoError, type ExportFormat, exportExperiment, formatFromPath } from "@dimexp/io";
import type { CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import { writeJson, writeLine } from "../internal/output.js";
import { progressBar } from "../internal/progress-bar.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, missingExperiment, withStore } from "../internal/store.js";

const FORMATS: Readonly<Record<string, ExportFormat>> = { json: "json", hdf5: "hdf5", h5: "hdf5" };

export const megabytes = (bytes: number): string =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes} bytes`;

export const exportCommand: CommandSpec = {
  path: ["export"],
  summary: "Export an experiment (every run, param, metric point and array, with units) to a JSON or HDF5 file",
  positionals: [{ name: "file", description: "where to write: a .json or .h5/.hdf5 file (replaced if it exists)" }],
  options: {
    experiment: { type: "string", short: "e", valueName: "name", description: "the experiment to export (required)" },
    format: { type: "string", valueName: "json|hdf5", description: "the file format (default: from the file's extension)" },
    runs: { type: "string", valueName: "list", description: "only these runs, by id or name, comma-separated (default: all)" },
    json: { type: "boolean", description: 'print one line of JSON: {"file","format","runs","points","bytes"}' },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "The file is lossless and versioned (format dimexp-experiment 1.0): params with their units, every metric point (step, value, timestamp) with NaN, ±Infinity and -0 kept exactly, arrays with shape and unit, statuses, times and tags. `dimexp import` reads it back into any store; HDF5 files also open in h5py (one group per run, datasets per metric).",
    "On a terminal a progress bar is drawn on standard error. The file appears only when complete.",
    TRACKING_URI_DETAILS,
  ],
  examples: [
    "dimexp export --experiment heat-equation-pinn heat.json",
    "dimexp export -e heat-equation-pinn heat.h5 --runs run-si,run-cgs",
    "dimexp export -e heat-equation-pinn --tracking-uri http://127.0.0.1:5000 heat.h5",
  ],
  async run(input, io) {
    const [file] = input.positionals as [string];
    const formatText = input.string("format");
    let format: ExportFormat | undefined;
    if (formatText !== undefined) {
      format = FORMATS[formatText.trim().toLowerCase()];
      if (format === undefined) throw new UserError(`--format is json or hdf5, not ${JSON.stringify(formatText)}.`);
    } else {
      format = formatFromPath(file);
      if (format === undefined) throw new UserError(`Cannot tell the format from ${JSON.stringify(file)}: name it *.json or *.h5, or pass --format json|hdf5.`);
    }
    const runs = input
      .string("runs")
      ?.split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    await withStore(input, io, async (store) => {
      const name = input.string("experiment");
      if (name === undefined) throw await missingExperiment(store, "dimexp export");
      const experiment = await findExperiment(store, name);
      const bar = progressBar(io, "export");
      let result: Awaited<ReturnType<typeof exportExperiment>>;
      try {
        result = await exportExperiment({ backend: store.backend, experiment: experiment.name }, file, {
          format,
          ...(runs ? { runs } : {}),
          onProgress: (event) => bar.update(event),
        });
      } catch (error) {
        if (error instanceof DimexpIoError) throw new UserError(error.message);
        throw error;
      } finally {
        bar.done();
      }
      if (input.flag("json")) {
        writeJson(io, { file: result.file, format: result.format, runs: result.runs, points: result.points, bytes: result.bytes });
        return;
      }
      writeLine(
        io,
        `Exported ${result.runs} run${result.runs === 1 ? "" : "s"} (${result.points.toLocaleString("en-US")} metric points) of experiment "${experiment.name}" to ${result.file} (${result.format === "hdf5" ? "HDF5" : "JSON"}, ${megabytes(result.bytes)}).`,
      );
    });
  },
};
