// A lab-sized MLflow deployment, started from the project's own files: a
// PostgreSQL server (Debian's postgresql package, initdb into a temporary
// folder, run as the unprivileged `postgres` user when we are root, since the
// server refuses root), an MLflow tracking server on it with several workers,
// serving artifacts from a local folder or from an S3 bucket on a local
// S3-compatible server (moto, from the Python venv). Every process runs in its
// own process group so stop() (and the fault helpers) reach all of them.

import { execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const VENV_BIN = path.join(REPO_ROOT, "tooling", "python", ".venv", "bin");
const MLFLOW = path.join(VENV_BIN, "mlflow");
const PYTHON = path.join(VENV_BIN, "python");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });

/** The folder holding initdb/pg_ctl/postgres, or undefined when PostgreSQL is not installed. */
export const postgresBinDir = () => {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    const root = "/usr/lib/postgresql";
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    return versions.length > 0 ? path.join(root, versions[0], "bin") : undefined;
  }
};

/** Why the deployment cannot start here, or undefined when it can. */
export const deploymentMissing = () => {
  const bin = postgresBinDir();
  if (!bin || !existsSync(path.join(bin, "initdb"))) {
    return "PostgreSQL is not installed (no initdb): run `npm run setup`, which installs Debian's postgresql package when it is missing";
  }
  if (!existsSync(MLFLOW)) return "the MLflow server is not installed (tooling/python/.venv/bin/mlflow): run `npm run setup`";
  try {
    execFileSync(PYTHON, ["-c", "import psycopg, moto, boto3"], { stdio: "ignore" });
  } catch {
    return "the venv lacks psycopg/moto/boto3 (tooling/python/requirements.txt): run `npm run setup`";
  }
  return undefined;
};

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL program as the unprivileged postgres user when we are root. */
const asPostgres = (program, args) => (isRoot() ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args]);

const signalGroup = (child, signal) => {
  if (child?.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};

const waitForExit = (child, ms) =>
  new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

const tailOf = (file, lines = 30) => {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
};

/**
 * A process and all its descendants, from /proc (by parent pid, not process
 * group: PostgreSQL's postmaster starts a session of its own).
 */
const groupPids = (leader) => {
  const all = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // fields after the command name (which may contain spaces) start at ")"
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      all.push({ pid: Number(entry), ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), command });
    } catch {
      /* exited meanwhile */
    }
  }
  const members = new Set([leader]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => members.has(p.pid));
};

const CLOCK_TICKS = 100;

/** A managed child process in its own group, restartable with the same arguments. */
const managed = (name, command, args, options) => {
  let child;
  let spentTicks = 0;
  const launch = () => {
    const out = openSync(options.logFile, "a");
    child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", out, out] });
    child.on("error", () => undefined);
  };
  const cpuSeconds = () => {
    const live = child?.pid ? groupPids(child.pid).reduce((sum, p) => sum + p.cpuTicks, 0) : 0;
    return (spentTicks + live) / CLOCK_TICKS;
  };
  const halt = async (signal) => {
    if (!child) return;
    if (child.pid) spentTicks += groupPids(child.pid).reduce((sum, p) => sum + p.cpuTicks, 0);
    signalGroup(child, signal);
    if (!(await waitForExit(child, 15_000))) {
      signalGroup(child, "SIGKILL");
      await waitForExit(child, 5000);
    }
    child = undefined;
  };
  return {
    name,
    launch,
    halt,
    cpuSeconds,
    get child() {
      return child;
    },
    exited: () => !child || child.exitCode !== null || child.signalCode !== null,
  };
};

const waitUntil = async (what, ready, { timeoutMs, exited, log }) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`${what} exited before it was ready:\n${log()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${log()}`);
    await sleep(200);
  }
};

const answers = async (url) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
};

/**
 * Starts PostgreSQL, (for artifacts "s3") a moto S3 server with a bucket, and
 * an MLflow server with `workers` workers on them; resolves once MLflow's
 * /health answers.
 */
export const startDeployment = async ({ artifacts = "local", workers = 4, timeoutMs = 240_000 } = {}) => {
  const missing = deploymentMissing();
  if (missing) throw new Error(missing);
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), "dimexp-scale-"));
  chmodSync(dir, 0o755);
  const pgData = path.join(dir, "pgdata");
  mkdirSync(pgData, { mode: 0o700 });
  const logs = { postgres: path.join(dir, "postgres.log"), mlflow: path.join(dir, "mlflow.log"), s3: path.join(dir, "s3.log") };
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(pgData, uid, gid);
    for (const file of [logs.postgres]) {
      openSync(file, "a");
      chownSync(file, uid, gid);
    }
  }
  const [initdb, initdbArgs] = asPostgres(path.join(bin, "initdb"), ["-D", pgData, "-A", "trust", "-U", "mlflow", "--no-sync", "-E", "UTF8"]);
  execFileSync(initdb, initdbArgs, { stdio: "pipe" });

  const pgPort = await freePort();
  const [postgresCmd, postgresArgs] = asPostgres(path.join(bin, "postgres"), [
    "-D", pgData, "-p", String(pgPort), "-h", "127.0.0.1", "-k", pgData, "-c", "max_connections=300",
  ]);
  const postgres = managed("postgres", postgresCmd, postgresArgs, { cwd: dir, env: process.env, logFile: logs.postgres });
  const postgresReady = () => {
    try {
      execFileSync(path.join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(pgPort), "-U", "mlflow"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  const startPostgres = async () => {
    postgres.launch();
    await waitUntil("PostgreSQL", async () => postgresReady(), { timeoutMs, exited: postgres.exited, log: () => tailOf(logs.postgres) });
  };
  await startPostgres();
  execFileSync(path.join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(pgPort), "-U", "mlflow", "mlflow"], { stdio: "pipe" });

  const env = { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false", PYTHONUNBUFFERED: "1" };
  let s3;
  let artifactsDestination = path.join(dir, "artifacts");
  if (artifacts === "s3") {
    const s3Port = await freePort();
    s3 = managed("s3", PYTHON, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(s3Port)], { cwd: dir, env, logFile: logs.s3 });
    s3.launch();
    const endpoint = `http://127.0.0.1:${s3Port}`;
    await waitUntil("moto S3 server", () => answers(`${endpoint}/moto-api/`), { timeoutMs, exited: s3.exited, log: () => tailOf(logs.s3) });
    const created = await fetch(`${endpoint}/dimexp-artifacts`, { method: "PUT" });
    if (!created.ok) throw new Error(`could not create the S3 bucket: HTTP ${created.status} ${await created.text()}`);
    Object.assign(env, {
      MLFLOW_S3_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_DEFAULT_REGION: "us-east-1",
    });
    artifactsDestination = "s3://dimexp-artifacts/mlflow";
  } else {
    mkdirSync(artifactsDestination);
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const backendStoreUri = `postgresql://mlflow@127.0.0.1:${pgPort}/mlflow`;
  const mlflow = managed(
    "mlflow",
    MLFLOW,
    ["server", "--backend-store-uri", backendStoreUri, "--artifacts-destination", artifactsDestination, "--host", "127.0.0.1", "--port", String(port), "--workers", String(workers)],
    { cwd: dir, env, logFile: logs.mlflow },
  );
  const startMlflow = async () => {
    mlflow.launch();
    await waitUntil("MLflow server", () => answers(`${url}/health`), { timeoutMs, exited: mlflow.exited, log: () => tailOf(logs.mlflow) });
  };
  const waitPortFree = async () => {
    for (let i = 0; i < 150 && (await answers(`${url}/health`)); i++) await sleep(100);
  };
  try {
    await startMlflow();
  } catch (error) {
    await mlflow.halt("SIGKILL");
    await s3?.halt("SIGKILL");
    await postgres.halt("SIGTERM");
    throw error;
  }

  return {
    url,
    dir,
    backendStoreUri,
    artifactsDestination,
    env: artifacts === "s3" ? { MLFLOW_S3_ENDPOINT_URL: env.MLFLOW_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1" } : {},
    /** pids of the MLflow server's worker processes (uvicorn starts each with multiprocessing's spawn_main). */
    workerPids: () => {
      const leader = mlflow.child?.pid;
      if (!leader) return [];
      return groupPids(leader)
        .filter((p) => p.command.includes("spawn_main") && !p.command.includes("resource_tracker"))
        .map((p) => p.pid);
    },
    /** SIGKILLs one MLflow worker (the server's supervisor starts a new one). */
    killOneWorker() {
      const [victim] = this.workerPids();
      if (victim === undefined) throw new Error("no MLflow worker process found");
      process.kill(victim, "SIGKILL");
      return victim;
    },
    /** Stops the whole MLflow server (SIGKILL, a crash) and starts it again on the same port. */
    async restartMlflow({ downMs = 1000 } = {}) {
      await mlflow.halt("SIGKILL");
      await waitPortFree();
      await sleep(downMs);
      await startMlflow();
    },
    /** Restarts PostgreSQL (fast shutdown, as a service restart does). */
    async restartPostgres({ downMs = 1000 } = {}) {
      await postgres.halt("SIGINT");
      await sleep(downMs);
      await startPostgres();
    },
    /** CPU seconds the MLflow server's processes (and PostgreSQL's) have used, restarts included. */
    cpuSeconds: () => ({ mlflow: mlflow.cpuSeconds(), postgres: postgres.cpuSeconds() }),
    /** Runs SQL against the store and returns psql's unaligned output. */
    sql(query) {
      return execFileSync(path.join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(pgPort), "-U", "mlflow", "-d", "mlflow", "-A", "-t", "-c", query], {
        encoding: "utf8",
      }).trim();
    },
    log: (which = "mlflow") => tailOf(logs[which] ?? logs.mlflow),
    async stop() {
      await mlflow.halt("SIGTERM");
      await s3?.halt("SIGTERM");
      await postgres.halt("SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
