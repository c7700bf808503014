import { spawn } from "node:child_process";
import type { CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import { writeLine, writeLines } from "../internal/output.js";
import { TRACKING_URI_OPTION, findExperiment, withStore } from "../internal/store.js";
import { CLI_VERSION } from "../internal/version.js";
import { isLoopbackHost, startUiServer } from "../ui/server.js";

export const DEFAULT_UI_PORT = 7707;

const parsePort = (text: string | undefined): number => {
  if (text === undefined) return DEFAULT_UI_PORT;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) > 65535) {
    throw new UserError(`--port takes a port number from 0 to 65535 (0 picks a free port), not ${JSON.stringify(text)}.`);
  }
  return Number(text);
};

/** Opens a URL in the desktop's browser; failing to is only a notice (the URL is printed anyway). */
const openBrowser = (url: string, onFailure: (message: string) => void): void => {
  const [command, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
    child.on("error", (error) => onFailure(`could not open a browser (${command}: ${error.message}); open the URL yourself.`));
    child.unref();
  } catch (error) {
    onFailure(`could not open a browser (${error instanceof Error ? error.message : String(error)}); open the URL yourself.`);
  }
};

/** Resolves on SIGINT or SIGTERM (Ctrl+C), with the handlers removed again. */
const untilInterrupted = (): Promise<string> =>
  new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolveSignal(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });

export const ui: CommandSpec = {
  path: ["ui"],
  summary: "Serve the web dashboard: browse, filter and compare runs with their units",
  positionals: [],
  options: {
    port: { type: "string", short: "p", valueName: "port", description: `the port to listen on (default ${DEFAULT_UI_PORT}; 0 picks a free one)` },
    host: {
      type: "string",
      valueName: "interface",
      description: "the interface to listen on (default 127.0.0.1, this machine only); another one, e.g. 0.0.0.0, lets other machines read your runs",
    },
    experiment: { type: "string", short: "e", valueName: "name", description: "open this experiment first" },
    open: { type: "boolean", description: "open the dashboard in the default browser" },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "Serves the dashboard and its JSON API (/api/experiments, /api/experiments/<id>/runs?filter=…&sort=…&system=…&unit.metrics.<name>=…, /api/runs/<id>, /api/runs/<id>/history?key=…, /api/compare?runs=…, /api/compare/history?runs=…&metric=…, /api/events?experiment=<id> for live updates) over the store: the embedded one, MLflow or W&B. The API is read-only and never sends credentials.",
    "The page keeps its state in the URL (?experiment=…&filter=…&sort=…&system=cgs&unit.metrics.loss=erg&compare=<id>,<id>), so a view can be shared. Runs that are still logging update live (the server polls the store every second while a page is open).",
    "By default only this machine can connect. --host 0.0.0.0 (or another interface) serves the network; there is no login, so anyone who reaches the port can read every run: prefer an SSH tunnel.",
    "Stop it with Ctrl+C.",
  ],
  examples: ["dimexp ui", "dimexp ui --tracking-uri ./runs/heat.db --port 0 --open", "dimexp ui --tracking-uri http://127.0.0.1:5000 -e heat-equation-pinn"],
  async run(input, io) {
    const port = parsePort(input.string("port"));
    const host = input.string("host")?.trim() || "127.0.0.1";
    await withStore(input, io, async (store) => {
      const experimentName = input.string("experiment");
      if (experimentName !== undefined) await findExperiment(store, experimentName);
      let server: Awaited<ReturnType<typeof startUiServer>>;
      try {
        server = await startUiServer({
          backend: store.backend,
          host,
          port,
          env: io.env,
          ...(input.string("tracking-uri") !== undefined ? { trackingUri: input.string("tracking-uri") } : {}),
          version: CLI_VERSION,
          log: (line) => io.stderr(`dimexp ui: ${line}\n`),
        });
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (e.code === "EADDRINUSE") {
          throw new UserError(`Port ${port} on ${host} is already in use (another dimexp ui?). Choose another with --port <port>, or --port 0 for a free one.`);
        }
        if (e.code === "EACCES") throw new UserError(`Not allowed to listen on port ${port} of ${host}: ports below 1024 need privileges. Use --port 0 or a port above 1023.`);
        if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") {
          throw new UserError(`Cannot listen on ${JSON.stringify(host)}: it is not an interface of this machine (${e.code}). Use --host 127.0.0.1, 0.0.0.0 or one of this machine's addresses.`);
        }
        throw error;
      }
      const url = experimentName === undefined ? server.url : `${server.url}?experiment=${encodeURIComponent(experimentName)}`;
      if (!isLoopbackHost(host)) {
        io.stderr(
          `dimexp ui: warning: listening on ${host}, not just this machine. The dashboard has no login: anyone who can reach port ${server.port} can read every run in ${store.location}.\n`,
        );
      }
      if (!server.hasAssets) {
        io.stderr(`dimexp ui: warning: the dashboard's files are missing (${server.assetsDir}); only the JSON API is served. Run pnpm build in the dimexp repository, or reinstall @dimexp/cli.\n`);
      }
      // listening for Ctrl+C before the URL is out: whoever reads it may stop us at once
      const interrupted = untilInterrupted();
      writeLines(io, [`dimexp ui: the dashboard for ${store.location} (tracking URI ${store.uri} from ${store.source})`, `  ${url}`, "Press Ctrl+C to stop."]);
      if (input.flag("open")) openBrowser(url, (message) => io.stderr(`dimexp ui: ${message}\n`));
      const signal = await interrupted;
      await server.close();
      writeLine(io, `dimexp ui: stopped (${signal}).`);
    });
  },
};
