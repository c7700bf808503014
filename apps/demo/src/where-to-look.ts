// Where the runs just logged can be seen outside the demo: the MLflow UI's run
// pages, the W&B app's run pages, or — offline — the `wandb sync` command that
// uploads the .wandb files. The embedded store has the CLI (cliHints).

import { dirname } from "node:path";
import type { WandbBackend } from "@dimexp/backend-wandb";
import type { DimExperiment } from "@dimexp/core";
import type { Invocation } from "./experiment.js";
import { shellQuote } from "./shell.js";

const isWandb = (backend: DimExperiment["backend"]): backend is WandbBackend =>
  backend.kind === "wandb" && typeof (backend as Partial<WandbBackend>).runUrl === "function";

export async function whereToLook(exp: DimExperiment, invocation: Invocation): Promise<string[]> {
  const backend = exp.backend;
  if (backend.kind === "mlflow") {
    // backend.location is the server URL without credentials or a trailing slash
    return [
      "The runs in the MLflow UI:",
      ...invocation.runs.map((l) => `  ${l.plan.name}: ${backend.location}/#/experiments/${encodeURIComponent(exp.id)}/runs/${encodeURIComponent(l.id)}`),
    ];
  }
  if (isWandb(backend)) {
    if (backend.mode === "online") {
      const lines = ["The runs in W&B:"];
      for (const l of invocation.runs) lines.push(`  ${l.plan.name}: ${await backend.runUrl(l.id)}`);
      return lines;
    }
    // offline: runUrl is the run's .wandb file; `wandb sync` takes its folder
    const folders: string[] = [];
    for (const l of invocation.runs) {
      const file = await backend.runUrl(l.id);
      if (file) folders.push(dirname(file));
    }
    return [
      `The runs are W&B offline runs (.wandb files, ${folders.length} folders); upload them to W&B (after wandb login, or with WANDB_API_KEY and WANDB_BASE_URL set) with:`,
      `  wandb sync ${folders.map(shellQuote).join(" ")}`,
    ];
  }
  return [];
}
