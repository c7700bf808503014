// W&B's run-id rules (as its SDK enforces them) and what the backend does with
// ids that break them; the default entity comes from the API key (viewer).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRunId, isValidRunId, projectNameProblem, runIdProblem } from "../src/index.js";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { batch, failure, must, onlineBackend, series } from "./support/helpers.js";

describe("run ids", () => {
  it("follow W&B's rules", () => {
    for (const c of [":", ";", ",", "#", "?", "/", "'"]) expect(runIdProblem(`ab${c}cd`)).toMatch(/cannot contain/);
    expect(runIdProblem("")).toMatch(/empty/);
    expect(runIdProblem("   ")).toMatch(/only whitespace/);
    expect(runIdProblem(" abc")).toMatch(/whitespace/);
    expect(runIdProblem("x".repeat(129))).toMatch(/longer than 128/);
    expect(isValidRunId("run-1.ok_ü")).toBe(true);
    const ids = new Set(Array.from({ length: 2000 }, () => generateRunId()));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{8}$/);
    expect(projectNameProblem("heat pinn")).toBeUndefined();
    expect(projectNameProblem("a%b")).toMatch(/cannot contain/);
  });
});

describe("against the fake", () => {
  let fake: WandbFake;
  beforeAll(async () => {
    fake = await startWandbFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("asks W&B nothing about an id it cannot hold, and the fake refuses such ids too", async () => {
    const backend = onlineBackend(fake, { project: "ids" });
    const before = fake.requests.length;
    expect(await must(backend.getRun("a/b"))).toBeUndefined();
    expect((await must(backend.getMetricHistory("x:y", "loss"))).values.length).toBe(0);
    expect((await failure(backend.logBatch("bad#id", batch({ metrics: [series("x", [1])] }))))._tag).toBe("NotFound");
    expect(fake.requests.length).toBe(before);
    const response = await fetch(`${fake.url}/graphql`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`api:${fake.apiKey}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({
        query: "mutation UpsertBucket($name: String, $project: String) { upsertBucket(input: {name: $name, modelName: $project}) { inserted } }",
        variables: { name: "a:b", project: "ids" },
      }),
    });
    const payload = (await response.json()) as { errors?: Array<{ message: string }> };
    expect(payload.errors?.[0]?.message).toMatch(/Invalid run name/);
    await must(backend.close());
  });

  it("reads the API key's default entity when none is given", async () => {
    const backend = onlineBackend(fake, { project: "ids", entity: undefined });
    const exp = await must(backend.getOrCreateExperiment("e"));
    const run = await must(backend.createRun(exp.id, { name: "r", startTime: Date.now(), tags: {} }));
    expect(fake.run(fake.entity, "ids", run.id)?.displayName).toBe("r");
    expect(fake.requests.some((r) => r.operation === "Viewer")).toBe(true);
    expect(await backend.runUrl(run.id)).toBe(`${fake.url}/${fake.entity}/ids/runs/${run.id}`);
    await must(backend.close());
  });

  it("rejects params and metrics under the names W&B keeps for itself", async () => {
    const backend = onlineBackend(fake, { project: "ids" });
    const exp = await must(backend.getOrCreateExperiment("e"));
    const run = await must(backend.createRun(exp.id, { name: "r", startTime: Date.now(), tags: {} }));
    expect((await failure(backend.logBatch(run.id, batch({ params: [{ key: "_wandb", value: "1" }] }))))._tag).toBe("InvalidName");
    expect((await failure(backend.logBatch(run.id, batch({ metrics: [series("_step", [1])] }))))._tag).toBe("InvalidName");
    await must(backend.close());
  });
});
