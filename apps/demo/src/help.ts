// `pnpm demo --help`: the demo takes no options besides --help; where it logs
// is chosen by the same environment variables as every dimexp program.

import { PROBE_TIMEOUT_MS } from "./store.js";

export const HELP = `Usage: pnpm demo [--help]        (or: node apps/demo/dist/main.js)

The dimexp demo: a heat-equation solve logged as the experiment heat-equation-pinn in SI and CGS
plus a length sweep (5 runs), a unit-aware query, a cross-unit comparison, charts (SVG, PNG,
Vega-Lite) and tables (CSV, Arrow); the runs exported to JSON and HDF5 and imported into a fresh
embedded store, where the comparison must come out identical; then a tour of @dimexp/units.

Where the runs go: the tracking URI, DIMEXP_TRACKING_URI, else MLFLOW_TRACKING_URI, else ./dimexp.db
  ./dimexp.db, /path/runs.db, sqlite:<path>   the embedded store, one SQLite file (default: ./dimexp.db
                                              in the current directory)
  http://host:port, https://host[/prefix]     an MLflow tracking server (mlflow server --port 5000);
                                              prints each run's page in the MLflow UI
  wandb://<entity>/<project>                  Weights & Biases, online (prints each run's page), or
                                              offline with WANDB_MODE=offline (prints the wandb sync
                                              command); the experiment is a run group
  local, mlflow, wandb                        a backend by name: mlflow is the server in
                                              MLFLOW_TRACKING_URI, wandb is WANDB_ENTITY/WANDB_PROJECT

Environment:
  DIMEXP_TRACKING_URI         the store, as above
  MLFLOW_TRACKING_URI         used when DIMEXP_TRACKING_URI is unset (as MLflow's own client does)
  MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN
                              MLflow credentials (Basic auth, or a Bearer token)
  WANDB_API_KEY               the W&B API key (else ~/.netrc, where wandb login keeps it)
  WANDB_BASE_URL              the W&B server (default https://api.wandb.ai; W&B Server works too)
  WANDB_ENTITY, WANDB_PROJECT the W&B entity and project when the URI leaves them out (wandb:///project)
  WANDB_MODE                  online (default), or offline: .wandb files to upload with wandb sync
  WANDB_DIR                   where offline runs go: $WANDB_DIR/wandb/offline-run-… (default: .)
  DIMEXP_DEMO_OUT             where charts, tables and the JSON/HDF5 exports go
                              (default: ./dimexp-demo-output)

Examples:
  pnpm demo
  DIMEXP_TRACKING_URI=http://127.0.0.1:5000 pnpm demo
  WANDB_MODE=offline DIMEXP_TRACKING_URI=wandb://my-team/heat-pinn pnpm demo
  WANDB_API_KEY=… DIMEXP_TRACKING_URI=wandb://my-team/heat-pinn pnpm demo

A server (MLflow, or W&B online) that does not answer within ${PROBE_TIMEOUT_MS / 1000} s is reported in one line before
anything is logged. Exit status: 0 when the demo ran to the end; 1 when a step failed (one line on
stderr saying which and why); 2 for an argument it does not take.
`;

export type Parsed = { readonly kind: "run" } | { readonly kind: "help" } | { readonly kind: "usage-error"; readonly message: string };

export const parseArguments = (args: readonly string[]): Parsed => {
  if (args.some((a) => a === "--help" || a === "-h" || a === "help")) return { kind: "help" };
  const [first] = args;
  if (first === undefined) return { kind: "run" };
  const shown = first.length > 80 ? `${first.slice(0, 80)}…` : first;
  return {
    kind: "usage-error",
    message: `the demo takes no argument ${JSON.stringify(shown)}: it is configured by environment variables (DIMEXP_TRACKING_URI, WANDB_MODE, DIMEXP_DEMO_OUT, …); see pnpm demo --help`,
  };
};
