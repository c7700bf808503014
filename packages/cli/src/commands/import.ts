import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { fromTrackingUri, parseLocalUri } from "@dimexp/backend-local";
import { classifyTrackingUri, openBackend, redactUri, registerBackend, resolveTrackingUri } from "@dimexp/core";
import { DimexpIoError, importExperiment } from "@dimexp/io";
import type { CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import { writeJson, writeLine } from "../internal/output.js";
import { progressBar } from "../internal/progress-bar.js";
import { TRACKING_URI_OPTION, orFailCore } from "../internal/store.js";

export const importCommand: CommandSpec = {
  path: ["import"],
  summary: "Import an exported experiment file (dimexp JSON or HDF5, or a dimtensor export) into a store",
  positionals: [{ name: "file", description: "a file written by dimexp export (.json or .h5), or by Python dimtensor's DimExperiment.export()" }],
  options: {
    into: {
      type: "string",
      valueName: "uri",
      description: "the store to import into: a file path or sqlite:<path>, http(s)://host:port (MLflow), wandb://<entity>/<project>; default $DIMEXP_TRACKING_URI, else $MLFLOW_TRACKING_URI, else ./dimexp.db (created if missing)",
    },
    experiment: { type: "string", short: "e", valueName: "name", description: "import under this experiment name (default: the file's)" },
    "drop-arrays": { type: "boolean", description: "import into a store that keeps no full arrays, dropping them (their _mean/_std/_min/_max metrics stay)" },
    json: { type: "boolean", description: 'print one line of JSON: {"file","experiment","createdExperiment","runs":[{"sourceId","id","name"}],"points","source"}' },
    "tracking-uri": { ...TRACKING_URI_OPTION, description: "the same as --into" },
  },
  details: () => [
    "All or nothing: the whole file is checked first (syntax, types, units, names); a file with any problem changes nothing, and the error names the file, the line and column or HDF5 object, and the problem. If the store fails midway, the runs written are removed again.",
    "Runs keep their ids as the tag dimexp.io.origin_run_id, so exporting them again gives the same file. Older format versions are migrated; a file of a newer major version is refused with a message to upgrade.",
    "On a terminal a progress bar is drawn on standard error.",
  ],
  examples: ["dimexp import heat.json", "dimexp import heat.h5 --into sqlite:./archive.db", "dimexp import dimtensor-export.json --experiment heat-from-python"],
  async run(input, io) {
    const [file] = input.positionals as [string];
    registerBackend("local", fromTrackingUri);
    const uri = resolveTrackingUri(input.string("into") ?? input.string("tracking-uri"), io.env);
    const kind = orFailCore(classifyTrackingUri(uri)).kind;
    // a store file this import creates is removed again if the import fails
    const localPath = kind === "local" ? orFailCore(parseLocalUri(uri)) : undefined;
    const createdStore = localPath !== undefined && localPath !== ":memory:" && !existsSync(resolve(localPath)) ? resolve(localPath) : undefined;
    const backend = orFailCore(await openBackend(uri, io.env));
    const bar = progressBar(io, "import");
    let succeeded = false;
    try {
      const experiment = input.string("experiment");
      const result = await importExperiment(file, {
        into: backend,
        ...(experiment !== undefined ? { experiment } : {}),
        dropArrays: input.flag("drop-arrays"),
        onProgress: (event) => bar.update(event),
        onWarning: (text) => io.stderr(`dimexp: warning: ${text}\n`),
      });
      bar.done();
      succeeded = true;
      if (input.flag("json")) {
        writeJson(io, {
          file: result.file,
          experiment: result.experiment.name,
          createdExperiment: result.createdExperiment,
          runs: result.runs,
          points: result.points,
          source: result.source,
        });
        return;
      }
      writeLine(
        io,
        `Imported ${result.runs.length} run${result.runs.length === 1 ? "" : "s"} (${result.points.toLocaleString("en-US")} metric points) into ${result.createdExperiment ? "new " : ""}experiment "${result.experiment.name}" at ${redactUri(backend.location)} (from ${result.source}).`,
      );
    } catch (error) {
      bar.done();
      if (error instanceof DimexpIoError) throw new UserError(error.message);
      throw error;
    } finally {
      await backend.close()();
      if (!succeeded && createdStore) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${createdStore}${suffix}`, { force: true });
    }
  },
};
