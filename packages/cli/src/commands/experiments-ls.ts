import type { CommandSpec } from "../internal/command.js";
import { formatTable, writeJson, writeLine, writeLines } from "../internal/output.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, runTask, withStore } from "../internal/store.js";

export interface ExperimentJson {
  readonly id: string;
  readonly name: string;
  readonly runs: number;
}

export const experimentsLs: CommandSpec = {
  path: ["experiments", "ls"],
  summary: "List the experiments in the store, with their run counts",
  positionals: [],
  options: {
    json: { type: "boolean", description: 'print one line of JSON: [{"id","name","runs"}], runs being the number of runs' },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [TRACKING_URI_DETAILS],
  examples: ["dimexp experiments ls", "dimexp experiments ls --tracking-uri ./runs/dimexp.db --json"],
  async run(input, io) {
    await withStore(input, io, async (store) => {
      const experiments = await runTask(store.backend.listExperiments());
      const listed: ExperimentJson[] = [];
      for (const e of experiments) {
        const runs = await runTask(store.backend.searchRuns(e.id));
        listed.push({ id: e.id, name: e.name, runs: runs.length });
      }
      if (input.flag("json")) {
        writeJson(io, listed);
        return;
      }
      if (listed.length === 0) {
        writeLine(io, `No experiments in ${store.location}.`);
        return;
      }
      writeLines(io, [
        `Experiments in ${store.location}:`,
        ...formatTable([["name", "runs", "id"], ...listed.map((e) => [e.name, String(e.runs), e.id])], "  "),
      ]);
    });
  },
};
