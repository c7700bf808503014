// transaction(): several writes as one SQLite transaction — committed together
// when the work ends Right, none kept when it ends Left or throws; invisible
// to other connections until then; writes from outside it wait for it.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CoreError, ExperimentBackend, TaskEither } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import { batch, freshPath, must, openAt, series, tempDir } from "./helpers.js";

const dir = tempDir("transaction");

const right = <A>(value: A) => ({ _tag: "Right" as const, right: value });
const left = <E>(error: E) => ({ _tag: "Left" as const, left: error });

/** Awaits a TaskEither inside work, turning a Left into a thrown value (caught by the work's wrapper). */
const step = async <A>(task: TaskEither<CoreError, A>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw result.left;
  return result.right;
};

/** Work that writes an experiment with `runs` runs, then ends as `end` says. */
const writeRuns =
  (runs: number, end: "commit" | "left" | "throw", during?: () => Promise<void>) =>
  (tx: ExperimentBackend): TaskEither<string, string[]> =>
  async () => {
    const exp = await step(tx.getOrCreateExperiment("tx"));
    const ids: string[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await step(tx.createRun(exp.id, { name: `run-${i}`, startTime: 1_700_000_000_000 + i, tags: {} }));
      await step(tx.logBatch(run.id, batch({ params: [{ key: "i", value: String(i) }], metrics: [series("loss", [1, 0.5])] })));
      await step(tx.updateRun(run.id, { status: "FINISHED", endTime: 1_700_000_001_000 }));
      ids.push(run.id);
      if (i === 0) await during?.();
    }
    if (end === "left") return left("stop");
    if (end === "throw") throw new Error("a bug in the work");
    return right(ids);
  };

/** The Right value of a transaction's outcome (whatever its Left type). */
const committed = async <E, A>(task: TaskEither<E, A>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw new Error(`the transaction failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

const experiments = async (backend: ExperimentBackend) => (await must(backend.listExperiments())).map((e) => e.name);

describe("transaction()", () => {
  it("commits every write together when the work ends Right; other connections see nothing before", async () => {
    const file = freshPath(dir);
    const store = openAt(file);
    const other = openAt(file, 20);
    const seen: string[][] = [];
    const ids = await committed(store.transaction!(writeRuns(3, "commit", async () => void seen.push(await experiments(other)))));
    expect(seen).toEqual([[]]);
    expect(ids.length).toBe(3);
    expect(await experiments(other)).toEqual(["tx"]);
    const runs = await must(other.searchRuns((await must(other.findExperiment("tx")))!.id));
    expect(runs.map((r) => [r.info.name, r.info.status, r.params.i]).sort()).toEqual([
      ["run-0", "FINISHED", "0"],
      ["run-1", "FINISHED", "1"],
      ["run-2", "FINISHED", "2"],
    ]);
    await must(store.close());
    await must(other.close());
  });

  for (const end of ["left", "throw"] as const) {
    it(`keeps nothing when the work ${end === "left" ? "ends Left" : "throws"}`, async () => {
      const store = openAt(freshPath(dir));
      const result = await store.transaction!(writeRuns(3, end))();
      expect(result._tag).toBe("Left");
      if (end === "left") expect(result).toEqual({ _tag: "Left", left: "stop" });
      else expect(result).toMatchObject({ _tag: "Left", left: { _tag: "BackendFailure", message: expect.stringContaining("a bug in the work") } });
      expect(await experiments(store)).toEqual([]);
      // the connection is usable again, outside any transaction
      await must(store.getOrCreateExperiment("after"));
      expect(await experiments(store)).toEqual(["after"]);
      await must(store.close());
    });
  }

  it("a failing write inside (a param that changes) undoes only itself, as on its own", async () => {
    const store = openAt(freshPath(dir));
    const outcome = await committed(
      store.transaction!((tx) => async () => {
        const exp = await step(tx.getOrCreateExperiment("tx"));
        const run = await step(tx.createRun(exp.id, { name: "r", startTime: 1, tags: {} }));
        await step(tx.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.1" }] })));
        const changed = await tx.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.2" }], metrics: [series("loss", [1])] }))();
        return right({ run: run.id, changed });
      }),
    );
    expect(outcome.changed).toMatchObject({ _tag: "Left", left: { _tag: "ParamChanged" } });
    const record = await must(store.getRun(outcome.run));
    expect(record?.params).toEqual({ lr: "0.1" });
    expect(record?.metrics).toEqual({});
    await must(store.close());
  });

  it("writes through the same backend from outside the work wait until it ends", async () => {
    const store = openAt(freshPath(dir));
    const order: string[] = [];
    let outside: Promise<unknown> | undefined;
    await committed(
      store.transaction!((tx) => async () => {
        await step(tx.getOrCreateExperiment("inside"));
        outside = store.getOrCreateExperiment("outside")().then(() => order.push("outside"));
        await new Promise((r) => setTimeout(r, 30));
        order.push("inside done");
        return right(undefined);
      }),
    );
    await outside;
    expect(order).toEqual(["inside done", "outside"]);
    expect((await experiments(store)).sort()).toEqual(["inside", "outside"]);
    await must(store.close());
  });

  it("a process killed (SIGKILL) in the middle of a transaction leaves nothing of it", async () => {
    const file = freshPath(dir);
    await must(openAt(file).close());
    const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const script = `
      import { createLocalBackend } from ${JSON.stringify(dist)};
      const store = createLocalBackend({ path: process.argv[1] }).right;
      await store.transaction((tx) => async () => {
        const exp = (await tx.getOrCreateExperiment("doomed")()).right;
        for (let i = 0; ; i++) {
          const run = (await tx.createRun(exp.id, { name: "r" + i, startTime: i, tags: {} })()).right;
          if (i === 10) console.log("written");
          await new Promise((r) => setTimeout(r, 1));
        }
      })();`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, file], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        if (c.toString().includes("written")) resolve();
      });
      child.on("exit", () => reject(new Error(`the child ended early: ${stderr}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const store = openAt(file);
    expect(await experiments(store)).toEqual([]);
    await must(store.close());
  });
});
