import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { fromTrackingUri, parseLocalUri } from "@dimexp/backend-local";
import { type ExperimentBackend, classifyTrackingUri, openBackend, redactUri, registerBackend, resolveTrackingUri } from "@dimexp/core";
import { DimexpIoError, type ImportResult, type OnConflict, importExperiment } from "@dimexp/io";
import type { CommandSpec } from "../internal/command.js";
import { Interrupted, UserError } from "../internal/errors.js";
import type { CliIo } from "../internal/io.js";
import { writeJson, writeLine } from "../internal/output.js";
import { progressBar } from "../internal/progress-bar.js";
import { TRACKING_URI_OPTION, orFailCore } from "../internal/store.js";

const ON_CONFLICT: readonly OnConflict[] = ["skip", "replace", "copy"];

/** 128 + the signal's number, as a shell reports a process stopped by it. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * While an import runs, SIGINT (Ctrl+C) and SIGTERM abort it: the import
 * stops and undoes what it wrote (on the embedded store its transaction is
 * rolled back), then the command exits 130/143. A second signal quits at once.
 */
const abortOnSignals = (io: CliIo) => {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received === undefined) {
      received = signal;
      if (io.stderrIsTTY) io.stderr(`\r\u001b[Kdimexp: ${signal}: stopping the import and undoing it (press Ctrl+C again to quit at once)\n`);
      controller.abort(signal);
      return;
    }
    io.stderr(`dimexp: ${signal} again: quitting before the import was undone (an embedded store is unchanged all the same: SQLite discards an unfinished transaction)\n`);
    process.exit(SIGNAL_EXIT[signal] ?? 130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
};

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** The result in words: what was written, and the runs already there that were skipped. */
const summary = (result: ImportResult, location: string): string[] => {
  const replaced = result.runs.filter((r) => r.outcome === "replaced").length;
  const copied = result.runs.filter((r) => r.outcome === "copied").length;
  const how = [replaced > 0 ? `${replaced} replaced the runs of the same origin there` : "", copied > 0 ? `${copied} are copies beside the runs of the same origin there` : ""].filter(Boolean);
  const lines = [
    `Imported ${plural(result.runs.length, "run")} (${plural(result.points, "metric point")}) into ${result.createdExperiment ? "new " : ""}experiment "${result.experiment.name}" at ${location} (from ${result.source})${how.length > 0 ? `; ${how.join(", ")}` : ""}.`,
  ];
  if (result.skipped.length > 0) {
    const names = result.skipped.slice(0, 5).map((r) => r.name);
    lines.push(
      `Skipped ${plural(result.skipped.length, "run")} already in the experiment (the same origin run id): ${names.join(", ")}${result.skipped.length > names.length ? `, … (${result.skipped.length - names.length} more)` : ""}. To import them anyway, pass --on-conflict replace (replace those runs) or --on-conflict copy (import copies beside them).`,
    );
  }
  return lines;
};

/** Whether a store holds no experiment at all (then a failed import may remove the file it created). */
const isEmptyStore = async (backend: ExperimentBackend): Promise<boolean> => {
  const listed = await backend.listExperiments()();
  return listed._tag === "Right" && listed.right.length === 0;
};

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
    "on-conflict": {
      type: "string",
      valueName: "skip|replace|copy",
      description:
        "what to do with a run of the file already in the experiment (the same origin run id, e.g. the file was imported before): skip it (default), replace the run there, or import a copy beside it",
    },
    "drop-arrays": { type: "boolean", description: "import into a store that keeps no full arrays, dropping them (their _mean/_std/_min/_max metrics stay)" },
    json: {
      type: "boolean",
      description:
        'print one line of JSON: {"file","experiment","createdExperiment","runs":[{"sourceId","id","name","outcome"}],"skipped":[{"sourceId","name","existingId"}],"onConflict","points","source"}',
    },
    "tracking-uri": { ...TRACKING_URI_OPTION, description: "the same as --into" },
  },
  details: () => [
    "All or nothing: the whole file is checked first (syntax, types, units, names, lengths, times); a file with any problem changes nothing, and the error names the file, the line and column or HDF5 object, and the problem. Into the embedded store the import is one SQLite transaction: a failure, Ctrl+C or a crash leaves the store as it was, and other processes never see half an import (their writes wait for it). Into MLflow or W&B a failure deletes the runs this import wrote, by id, and the message says exactly what was undone.",
    "Ctrl+C or SIGTERM stops the import and undoes it, then exits 130 (SIGINT) or 143 (SIGTERM); a second Ctrl+C quits at once.",
    "Runs keep their identity: the id a run had where it was exported is kept as the tag dimexp.io.origin_run_id, so exporting them again gives the same file, and importing a file again skips the runs already there (--on-conflict replace|copy to import them anyway). Older format versions are migrated; a file of a newer major version is refused with a message to upgrade.",
    "On a terminal a progress bar is drawn on standard error.",
  ],
  examples: [
    "dimexp import heat.json",
    "dimexp import heat.h5 --into sqlite:./archive.db",
    "dimexp import heat.json --on-conflict replace",
    "dimexp import dimtensor-export.json --experiment heat-from-python",
  ],
  async run(input, io) {
    const [file] = input.positionals as [string];
    const onConflictText = input.string("on-conflict");
    const onConflict = onConflictText === undefined ? "skip" : ON_CONFLICT.find((c) => c === onConflictText.trim().toLowerCase());
    if (onConflict === undefined) {
      throw new UserError(
        `--on-conflict is ${ON_CONFLICT.join(", ")} (what to do with a run already in the experiment: skip it, replace it, or import a copy), not ${JSON.stringify(String(onConflictText).slice(0, 200))}.`,
      );
    }
    registerBackend("local", fromTrackingUri);
    const uri = resolveTrackingUri(input.string("into") ?? input.string("tracking-uri"), io.env);
    const kind = orFailCore(classifyTrackingUri(uri)).kind;
    // a store file this import creates is removed again if the import fails
    const localPath = kind === "local" ? orFailCore(parseLocalUri(uri)) : undefined;
    const createdStore = localPath !== undefined && localPath !== ":memory:" && !existsSync(resolve(localPath)) ? resolve(localPath) : undefined;
    const backend = orFailCore(await openBackend(uri, io.env));
    const bar = progressBar(io, "import");
    const signals = abortOnSignals(io);
    let succeeded = false;
    try {
      const experiment = input.string("experiment");
      const result = await importExperiment(file, {
        into: backend,
        ...(experiment !== undefined ? { experiment } : {}),
        onConflict,
        signal: signals.signal,
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
          skipped: result.skipped,
          onConflict: result.onConflict,
          points: result.points,
          source: result.source,
        });
        return;
      }
      for (const line of summary(result, redactUri(backend.location))) writeLine(io, line);
    } catch (error) {
      bar.done();
      if (error instanceof DimexpIoError) {
        if (error.error._tag === "ImportInterrupted") throw new Interrupted(error.message, SIGNAL_EXIT[error.error.reason] ?? 130);
        throw new UserError(error.message);
      }
      throw error;
    } finally {
      signals.dispose();
      // a store file this import created is removed again — unless someone else has written to it meanwhile
      const untouched = !succeeded && createdStore !== undefined && (await isEmptyStore(backend));
      await backend.close()();
      if (untouched && createdStore) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${createdStore}${suffix}`, { force: true });
    }
  },
};
