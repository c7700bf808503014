// A real MLflow tracking server for tests: `mlflow server` from the repo's
// Python virtualenv (tooling/python/.venv, built by `npm run setup` from the
// pinned tooling/python/requirements.txt), on 127.0.0.1 with a free port, a
// SQLite store and artifact serving in a temporary folder. It runs in its own
// process group so that stopping (or killing, for fault tests) takes every
// process it started. Without the venv, tests skip locally; under CI they fail.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const VENV = path.join(REPO_ROOT, "tooling", "python", ".venv");
export const MLFLOW_BIN = path.join(VENV, "bin", "mlflow");
export const VENV_PYTHON = path.join(VENV, "bin", "python");

export const isCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && !["", "0", "false"].includes(ci.toLowerCase());
};

/** Why no server can be started here, or undefined when one can. */
export const mlflowMissing = (): string | undefined =>
  existsSync(MLFLOW_BIN)
    ? undefined
    : `the MLflow server is not installed (${path.relative(REPO_ROOT, MLFLOW_BIN)} is missing): run \`npm run setup\`, which installs tooling/python/requirements.txt into tooling/python/.venv`;

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

export interface MlflowServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** SIGKILL to the whole process group (a crash), and wait until it is gone */
  kill(): Promise<void>;
  /** start again on the same port, store and artifacts */
  restart(): Promise<void>;
  /** stop and remove its folder */
  stop(): Promise<void>;
  log(): string;
}

const waitForExit = (child: ChildProcess, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};

/** Starts a server and resolves once /health answers (first start runs the store's migrations). */
export interface MlflowServerOptions {
  readonly timeoutMs?: number;
  readonly workers?: number;
  /**
   * A server that does not proxy artifacts (`--no-serve-artifacts`), whose runs'
   * artifact root is this local folder (`--default-artifact-root`): clients
   * write artifacts there themselves. Default: artifacts served from <dir>/artifacts.
   */
  readonly defaultArtifactRoot?: string;
}

export const startMlflowServer = async (options: MlflowServerOptions = {}): Promise<MlflowServer> => {
  const missing = mlflowMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(tmpdir(), "dimexp-mlflow-"));
  mkdirSync(path.join(dir, "artifacts"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, "server.log");
  let child: ChildProcess | undefined;

  const launch = async () => {
    const out = openSync(logFile, "a");
    child = spawn(
      MLFLOW_BIN,
      [
        "server",
        "--backend-store-uri",
        `sqlite:///${path.join(dir, "mlflow.db")}`,
        ...(options.defaultArtifactRoot !== undefined
          ? ["--no-serve-artifacts", "--default-artifact-root", options.defaultArtifactRoot]
          : ["--artifacts-destination", path.join(dir, "artifacts")]),
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--workers",
        String(options.workers ?? 1),
      ],
      {
        cwd: dir,
        detached: true,
        stdio: ["ignore", out, out],
        // the job runner (and its consumers) doubles start-up time and is not used here
        env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false", PYTHONUNBUFFERED: "1" },
      },
    );
    const started = child;
    const deadline = Date.now() + (options.timeoutMs ?? 180_000);
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`mlflow server exited (${started.exitCode ?? started.signalCode}) before it was ready:\n${tail()}`);
      }
      try {
        const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) {
        signalGroup(started, "SIGKILL");
        throw new Error(`mlflow server did not answer /health within ${options.timeoutMs ?? 180_000} ms:\n${tail()}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const tail = () => {
    try {
      return readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
    } catch {
      return "(no log)";
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running) return;
    signalGroup(running, signal);
    if (!(await waitForExit(running, 10_000))) {
      signalGroup(running, "SIGKILL");
      await waitForExit(running, 5000);
    }
    // the uvicorn worker is a grandchild: wait until the port is free again
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child = undefined;
  };

  await launch();
  return {
    url,
    port,
    dir,
    kill: () => halt("SIGKILL"),
    restart: launch,
    stop: async () => {
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
    log: tail,
  };
};
