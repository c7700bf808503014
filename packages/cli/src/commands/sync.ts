import { type ExperimentBackend, type SyncReport, openBackend, redactUri, syncExperiments } from "@dimexp/core";
import type { CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import type { CliIo } from "../internal/io.js";
import { writeJson, writeLine } from "../internal/output.js";
import { progressBar } from "../internal/progress-bar.js";
import { openStoreForReading, orFailCore, registerBuiltInBackends, runTask } from "../internal/store.js";

const URI_KINDS = "a file path or sqlite:<path> (embedded store), http(s)://host:port (MLflow), wandb://<entity>/<project>";

const count = (n: number): string => n.toLocaleString("en-US");

/** Opens one side of the sync; the source only for reading (it must exist), a target store file is created. */
const openSide = async (uri: string, io: CliIo, side: "--from" | "--to"): Promise<ExperimentBackend> => {
  if (side === "--from") return (await openStoreForReading(uri, side, io)).backend;
  return orFailCore(await openBackend(uri, io.env));
};

const summary = (report: SyncReport, from: string, to: string): string => {
  const created = report.runs.filter((r) => r.created).length;
  const changed = report.runs.filter((r) => !r.created && (r.points > 0 || r.params > 0 || r.tags > 0 || r.arrays > 0)).length;
  const runs = `${report.runs.length} run${report.runs.length === 1 ? "" : "s"}`;
  const what = report.runs.length === 0 ? "nothing to copy" : `${runs}: ${created} new, ${changed} updated, ${report.runs.length - created - changed} already up to date`;
  return `Synced ${report.experiments.length} experiment${report.experiments.length === 1 ? "" : "s"} from ${from} to ${to} — ${what}; ${count(report.pointsCopied)} metric points copied.`;
};

export const sync: CommandSpec = {
  path: ["sync"],
  summary: "Copy experiments between two stores (e.g. local runs to a lab's MLflow); safe to repeat, resumes",
  positionals: [],
  options: {
    from: { type: "string", valueName: "uri", description: `the store to copy from: ${URI_KINDS}` },
    to: { type: "string", valueName: "uri", description: `the store to copy into (created if it is a new local file): ${URI_KINDS}` },
    experiment: { type: "string", short: "e", multiple: true, valueName: "name", description: "copy only this experiment (repeatable; default: all of them)" },
    json: {
      type: "boolean",
      description: 'print one line of JSON: {"experiments","runs":[{"experiment","name","sourceId","targetId","created","points","params","tags","arrays"}],"failures","pointsCopied"}',
    },
  },
  details: () => [
    "Runs keep their names, params, tags (units included), metric histories, arrays, status and times. Each copied run is tagged dimexp.sync.source = <source>#<run id>: running the same sync again copies only what is new, and an interrupted sync picks up where it stopped. Runs that came from the target in the first place are matched back to their originals, so syncing back and forth duplicates nothing.",
    "A run that cannot be copied (say, a param that differs in the target) is reported and the others are still copied; the exit status is then 2.",
    "On a terminal a progress bar (runs and points) is drawn on standard error; otherwise one line per run is written there.",
    "Credentials for MLflow come from MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN (or user:password@ in the URI); they are never printed.",
  ],
  examples: [
    "dimexp sync --from ./dimexp.db --to http://mlflow.lab:5000",
    "dimexp sync --from http://mlflow.lab:5000 --to sqlite:./archive.db --experiment heat-equation",
    "dimexp sync --from ./dimexp.db --to http://127.0.0.1:5000 -e heat-equation -e wave --json",
  ],
  async run(input, io) {
    const fromUri = input.string("from");
    const toUri = input.string("to");
    if (!fromUri || !toUri) throw new UserError(`"sync" needs --from <uri> and --to <uri> (${URI_KINDS}).`);
    if (fromUri.trim() === toUri.trim()) throw new UserError(`--from and --to are the same store (${redactUri(fromUri)}); nothing to copy.`);
    registerBuiltInBackends();
    const from = await openSide(fromUri, io, "--from");
    let to: ExperimentBackend | undefined;
    const bar = progressBar(io, "sync");
    try {
      to = await openSide(toUri, io, "--to");
      const fromName = redactUri(from.location);
      const toName = redactUri(to.location);
      let runsReported = 0;
      const report = await runTask(
        syncExperiments(from, to, {
          experiments: input.strings("experiment"),
          onProgress: (p) => {
            bar.update({
              phase: p.experiment,
              fraction: p.runsTotal === 0 ? 1 : p.runsDone / p.runsTotal,
              runsDone: p.runsDone,
              runsTotal: p.runsTotal,
              pointsDone: p.pointsDone,
            });
            // without a terminal: one line as each run is done
            if (!io.stderrIsTTY && p.run !== undefined && p.runsDone > runsReported) {
              runsReported = p.runsDone;
              io.stderr(`sync: ${p.experiment}/${p.run} done (${p.runsDone}/${p.runsTotal} runs, ${count(p.pointsDone)} points copied)\n`);
            }
          },
        }),
      );
      bar.done();
      if (input.flag("json")) writeJson(io, report);
      else writeLine(io, summary(report, fromName, toName));
      if (report.failures.length > 0) {
        const lines = report.failures.map((f) => `  ${f.experiment}/${f.run}: ${f.message}`);
        throw new UserError(
          `${report.failures.length} run${report.failures.length === 1 ? "" : "s"} could not be copied (the others were):\n${lines.join("\n")}\nFix the cause and run the same command again: what was copied is not copied twice.`,
        );
      }
    } finally {
      bar.done();
      await from.close()();
      if (to) await to.close()();
    }
  },
};
