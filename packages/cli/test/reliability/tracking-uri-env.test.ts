// Backend names and tracking-URI variables as a user's shell sets them
// (issue 11.1, 12.14): `--tracking-uri mlflow` / DIMEXP_TRACKING_URI=wandb read
// the backend's own variables; missing ones are errors naming them (exit 2);
// a word that is not a path never becomes a store file; an empty variable is
// unset (as MLflow and W&B treat theirs).

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectUserError, runWithEnv } from "../helpers.js";

let home = "";
let cwd = "";
const startedIn = process.cwd();
let server: Server;
let mlflowUrl = "";
const authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "dimexp-cli-env-"));
  // a stand-in MLflow server: every search answers "nothing yet"
  server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  mlflowUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.chdir(startedIn);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});
beforeEach(() => {
  cwd = mkdtempSync(join(home, "cwd-"));
  process.chdir(cwd);
});

/** An environment with nothing of the user's: no ~/.netrc, no tracking variables. */
const env = (vars: Record<string, string> = {}) => ({ HOME: home, ...vars });

describe("backend names on the command line and in DIMEXP_TRACKING_URI", () => {
  it("mlflow without MLFLOW_TRACKING_URI is an error naming it, and creates no file ./mlflow", async () => {
    for (const [vars, argv] of [
      [{}, ["experiments", "ls", "--tracking-uri", "mlflow"]],
      [{ DIMEXP_TRACKING_URI: "mlflow" }, ["runs", "ls", "-e", "heat"]],
      [{ MLFLOW_TRACKING_URI: "" }, ["experiments", "ls", "--tracking-uri", "mlflow"]],
    ] as const) {
      const message = expectUserError(await runWithEnv(env(vars), ...argv));
      expect(message).toContain("MLFLOW_TRACKING_URI, which is not set");
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("mlflow reads MLFLOW_TRACKING_URI and MLflow's credential variables", async () => {
    const result = await runWithEnv(
      env({ MLFLOW_TRACKING_URI: mlflowUrl, MLFLOW_TRACKING_USERNAME: "alice", MLFLOW_TRACKING_PASSWORD: "pw-0123456" }),
      "experiments",
      "ls",
      "--tracking-uri",
      "mlflow",
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`No experiments in ${mlflowUrl}`);
    expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from("alice:pw-0123456").toString("base64")}`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("an MLFLOW_TRACKING_URI naming MLflow's own file store is an error, never a dimexp store in its place", async () => {
    for (const value of ["file:./mlruns", "./mlruns", "sqlite:///mlflow.db"]) {
      const message = expectUserError(await runWithEnv(env({ MLFLOW_TRACKING_URI: value }), "experiments", "ls"));
      expect(message, value).toContain("MLFLOW_TRACKING_URI");
      expect(message, value).toContain("mlflow server");
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("wandb without WANDB_PROJECT, or online without a key, is an error naming the variable", async () => {
    expect(expectUserError(await runWithEnv(env(), "experiments", "ls", "--tracking-uri", "wandb"))).toContain("WANDB_PROJECT");
    expect(expectUserError(await runWithEnv(env({ WANDB_PROJECT: "heat" }), "experiments", "ls", "--tracking-uri", "wandb"))).toContain(
      "WANDB_API_KEY",
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("local is ./dimexp.db here; a bare word is no store", async () => {
    const missing = expectUserError(await runWithEnv(env(), "experiments", "ls", "--tracking-uri", "local"));
    expect(missing).toContain(`No dimexp store at ${join(cwd, "dimexp.db")}`);
    const opened = createLocalBackend({ path: join(cwd, "dimexp.db") });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    await opened.right.getOrCreateExperiment("heat")();
    await opened.right.close()();
    const listed = await runWithEnv(env(), "experiments", "ls", "--tracking-uri", "local");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("heat");
    for (const word of ["runs", "mystore", "my.store"]) {
      expect(expectUserError(await runWithEnv(env({ DIMEXP_TRACKING_URI: word }), "experiments", "ls")), word).toContain("neither a backend name");
    }
    expect(readdirSync(cwd).filter((f) => !f.startsWith("dimexp.db"))).toEqual([]);
  });

  it("an empty DIMEXP_TRACKING_URI counts as unset", async () => {
    writeFileSync(join(cwd, "placeholder"), "");
    const message = expectUserError(await runWithEnv(env({ DIMEXP_TRACKING_URI: "", MLFLOW_TRACKING_URI: " " }), "experiments", "ls"));
    expect(message).toContain(`No dimexp store at ${join(cwd, "dimexp.db")}`);
    expect(message).toContain("the default");
  });
});
