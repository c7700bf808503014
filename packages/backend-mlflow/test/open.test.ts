// The name "mlflow" (issue 11.1): `DimExperiment.open(name, { backend: "mlflow" })`
// and `--tracking-uri mlflow` read MLFLOW_TRACKING_URI and MLflow's credential
// variables, as MLflow's own client does; unset or not a server URL, a typed
// error names the variable — never a fallback, never a SQLite file ./mlflow.

import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimExperiment, type DimexpError, openBackend, registerBackendProvider } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MLFLOW_VARIABLES, provider, trackingUriFromEnv } from "../src/index.js";

const fromEnv = (env: Record<string, string>) => {
  const result = trackingUriFromEnv(env);
  return result._tag === "Right" ? result.right : result.left;
};

describe("the name mlflow", () => {
  it("is MLFLOW_TRACKING_URI when that is a server URL", () => {
    expect(fromEnv({ MLFLOW_TRACKING_URI: " http://127.0.0.1:5000 " })).toBe("http://127.0.0.1:5000");
    expect(fromEnv({ MLFLOW_TRACKING_URI: "https://mlflow.lab.example/prefix" })).toBe("https://mlflow.lab.example/prefix");
  });

  it("unset or empty, is a BackendNotConfigured error naming MLFLOW_TRACKING_URI and the credential variables", () => {
    for (const env of [{}, { MLFLOW_TRACKING_URI: "" }, { MLFLOW_TRACKING_URI: "  " }] as Array<Record<string, string>>) {
      const failure = fromEnv(env);
      expect(failure).toMatchObject({ _tag: "BackendNotConfigured", backend: "mlflow", variables: [...MLFLOW_VARIABLES] });
      expect(typeof failure !== "string" && failure.message).toMatch(/MLFLOW_TRACKING_URI, which is not set/);
      expect(typeof failure !== "string" && failure.message).toMatch(/MLFLOW_TRACKING_TOKEN/);
    }
  });

  it("refuses MLflow's own stores (file, database, databricks) with what to do, and no password in the message", () => {
    for (const value of ["./mlruns", "file:///home/me/mlruns", "sqlite:///mlflow.db", "postgresql://me:s3cret@db/mlflow", "databricks"]) {
      const failure = fromEnv({ MLFLOW_TRACKING_URI: value });
      expect(failure, value).toMatchObject({ _tag: "BackendNotConfigured", variables: expect.arrayContaining(["MLFLOW_TRACKING_URI"]) });
      const message = typeof failure === "string" ? "" : failure.message;
      expect(message).toContain("mlflow server --backend-store-uri");
      expect(message).not.toContain("s3cret");
    }
  });

  describe("through core, with the provider registered", () => {
    let url = "";
    const headers: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      headers.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    beforeAll(async () => {
      registerBackendProvider(provider);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("opens the server MLFLOW_TRACKING_URI names, with MLflow's credential variables", async () => {
      const opened = await openBackend("mlflow", { MLFLOW_TRACKING_URI: url, MLFLOW_TRACKING_USERNAME: "alice", MLFLOW_TRACKING_PASSWORD: "pw-123456" });
      if (opened._tag === "Left") throw new Error(opened.left.message);
      expect(opened.right.kind).toBe("mlflow");
      expect((await opened.right.listExperiments()())._tag).toBe("Right");
      expect(headers.at(-1)?.authorization).toBe(`Basic ${Buffer.from("alice:pw-123456").toString("base64")}`);
      const withToken = await openBackend("MLflow", { MLFLOW_TRACKING_URI: url, MLFLOW_TRACKING_TOKEN: "tok-abcdef" });
      if (withToken._tag === "Left") throw new Error(withToken.left.message);
      await withToken.right.listExperiments()();
      expect(headers.at(-1)?.authorization).toBe("Bearer tok-abcdef");
    });

    it("DimExperiment.open(name, { backend: \"mlflow\" }) without MLFLOW_TRACKING_URI rejects and creates no file", async () => {
      const dir = mkdtempSync(join(tmpdir(), "dimexp-mlflow-name-"));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const failure = await DimExperiment.open("heat", { backend: "mlflow", env: {} }).then(
          () => undefined,
          (e: DimexpError) => e.error,
        );
        expect(failure).toMatchObject({ _tag: "BackendNotConfigured", backend: "mlflow" });
        expect(failure?.message).toContain("MLFLOW_TRACKING_URI");
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        process.chdir(cwd);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
