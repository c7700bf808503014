// A store that cannot be reached is one line on stderr and exit 1, within
// 15 s, before anything is logged — never a hang (the backends' own retries
// would wait minutes) and never a stack trace. Checked for MLflow and W&B
// online, at a closed port, at a port that accepts connections but never
// answers, and at an HTTPS server whose certificate is not trusted; plus a
// tracking URI nobody handles and W&B's disabled mode.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { type Server, type Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO, type Env, type Finished, cleanEnv, requireBuilt, runProgram } from "../support/demo.js";

/** The bound the issue sets; the child is killed (signal SIGKILL, no exit code) if it is still running then. */
const LIMIT_MS = 15_000;

let tmp = "";
let closedPort = 0;
let silent: Server;
let silentPort = 0;
const held: Socket[] = [];
/** HTTPS with a self-signed certificate (test/fixtures), answering 404 to everything */
let untrusted: Server;
let untrustedPort = 0;
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });

beforeAll(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), "dimexp-demo-unreachable-"));
  // a port that was free a moment ago and that nothing listens on now
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  // accepts every connection, reads nothing, answers nothing
  silent = createServer((socket) => {
    held.push(socket);
    socket.on("error", () => undefined);
  });
  silentPort = await listen(silent);
  untrusted = createHttpsServer({ key: fixture("self-signed-key.pem"), cert: fixture("self-signed-cert.pem") }, (_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error_code":"ENDPOINT_NOT_FOUND","message":"not found"}');
  });
  untrustedPort = await listen(untrusted);
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
  await new Promise((resolve) => untrusted?.close(resolve));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const runDemo = (env: Env): Promise<Finished> => runProgram("node", [DEMO], { env: cleanEnv(env), cwd: tmp, killAfterMs: LIMIT_MS });

/** Exit 1 on its own (not killed), one line on stderr, nothing logged, no stack trace. */
const expectOneLineFailure = (result: Finished): string => {
  expect(result.signal, `killed after ${LIMIT_MS} ms: the demo hung (stderr: ${result.stderr})`).toBeNull();
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  expect(lines, result.stderr).toHaveLength(1);
  const [line] = lines as [string];
  expect(line).toMatch(/^demo failed: /);
  expect(line).not.toMatch(/\bat .+:\d+:\d+/);
  return line;
};

describe("MLflow (http:// tracking URI)", () => {
  test("a closed port: connection refused, named with the server and the variable", async () => {
    const url = `http://127.0.0.1:${closedPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: url }));
    expect(line).toContain(`cannot reach the MLflow tracking server at ${url} (from DIMEXP_TRACKING_URI): connection refused`);
    expect(line).toContain(`mlflow server --host 127.0.0.1 --port ${closedPort}`);
  }, 30_000);

  test("a port that accepts and never answers: no answer within the probe's time", async () => {
    const url = `http://127.0.0.1:${silentPort}`;
    const line = expectOneLineFailure(await runDemo({ MLFLOW_TRACKING_URI: url }));
    expect(line).toContain(`cannot reach the MLflow tracking server at ${url} (from MLFLOW_TRACKING_URI): it accepted no request or sent no answer within 5 s`);
  }, 30_000);

  test("the backend name mlflow resolves through MLFLOW_TRACKING_URI, and that server is the one checked", async () => {
    const url = `http://127.0.0.1:${closedPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: "mlflow", MLFLOW_TRACKING_URI: url }));
    expect(line).toContain(`cannot reach the MLflow tracking server at ${url} (from DIMEXP_TRACKING_URI): connection refused`);
  }, 30_000);

  test("an HTTPS server whose certificate is not trusted: said so, with the variables that fix it", async () => {
    const url = `https://127.0.0.1:${untrustedPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: url }));
    expect(line).toContain(`the MLflow tracking server at ${url} (from DIMEXP_TRACKING_URI) presents a TLS certificate this machine does not trust: self-signed certificate`);
    expect(line).toContain("MLFLOW_TRACKING_INSECURE_TLS=true");
  }, 30_000);

  test("MLFLOW_TRACKING_INSECURE_TLS=true is the backend's to apply: the demo goes on, and the server's 404 is the one line", async () => {
    const url = `https://127.0.0.1:${untrustedPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: url, MLFLOW_TRACKING_INSECURE_TLS: "true" }));
    expect(line).not.toContain("does not trust");
    expect(line).toContain("404");
  }, 30_000);

  test("credentials in the URI are not printed", async () => {
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: `http://alice:s3cret@127.0.0.1:${closedPort}` }));
    expect(line).not.toContain("s3cret");
    expect(line).toContain(`127.0.0.1:${closedPort}`);
  }, 30_000);
});

describe("W&B online (wandb:// with WANDB_BASE_URL)", () => {
  test("a closed port", async () => {
    const base = `http://127.0.0.1:${closedPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: "wandb://lab/heat", WANDB_BASE_URL: base, WANDB_API_KEY: "k".repeat(40) }));
    expect(line).toContain(`cannot reach the W&B server at ${base} (WANDB_BASE_URL) for wandb://lab/heat: connection refused`);
    expect(line).toContain("WANDB_MODE=offline");
  }, 30_000);

  test("a W&B server whose certificate is not trusted", async () => {
    const base = `https://127.0.0.1:${untrustedPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: "wandb://lab/heat", WANDB_BASE_URL: base, WANDB_API_KEY: "k".repeat(40) }));
    expect(line).toContain(`the W&B server at ${base} (WANDB_BASE_URL) for wandb://lab/heat presents a TLS certificate this machine does not trust`);
    expect(line).toContain("NODE_EXTRA_CA_CERTS");
  }, 30_000);

  test("a port that accepts and never answers", async () => {
    const base = `http://127.0.0.1:${silentPort}`;
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: "wandb://lab/heat", WANDB_BASE_URL: base, WANDB_API_KEY: "k".repeat(40) }));
    expect(line).toContain(`cannot reach the W&B server at ${base} (WANDB_BASE_URL) for wandb://lab/heat: it accepted no request or sent no answer within 5 s`);
  }, 30_000);
});

describe("stores the demo cannot use", () => {
  test("a tracking URI no backend handles", async () => {
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: "ftp://example.org/runs" }));
    expect(line).toContain('no backend handles the scheme "ftp:"');
    expect(line).toContain("DIMEXP_TRACKING_URI");
  }, 30_000);

  test("WANDB_MODE=disabled keeps nothing to read back", async () => {
    const line = expectOneLineFailure(await runDemo({ DIMEXP_TRACKING_URI: "wandb://lab/heat", WANDB_MODE: "disabled" }));
    expect(line).toContain("WANDB_MODE=disabled keeps nothing");
    expect(line).toContain("WANDB_MODE=offline");
  }, 30_000);
});
