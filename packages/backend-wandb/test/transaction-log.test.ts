// The .wandb framing (LevelDB log blocks, W&B header, CRC-32) and the
// protobuf records, round-tripped at every awkward size and block position;
// the reader also reads a log the real SDK wrote (committed fixture).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { crc32, decodeRecord, frameRecords, readRecords, replayTransactionLog } from "../src/index.js";
import { configRecord, exitRecord, headerRecord, historyRecord, runRecord, summaryRecord } from "../src/offline/records.js";
import { BLOCK_SIZE, WANDB_HEADER } from "../src/offline/transaction-log.js";

const fixture = fileURLToPath(new URL("./fixtures/sdk-offline-run.wandb", import.meta.url));

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

describe("CRC-32", () => {
  it("is zlib's (IEEE) checksum", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe("LevelDB log framing", () => {
  it("round-trips records of every size around the block and header boundaries", () => {
    const sizes = [0, 1, 6, 7, 8, BLOCK_SIZE - 14, BLOCK_SIZE - 8, BLOCK_SIZE - 7, BLOCK_SIZE - 6, BLOCK_SIZE, BLOCK_SIZE + 1, 3 * BLOCK_SIZE + 5];
    for (const lead of [0, 1, 100, BLOCK_SIZE - 20, BLOCK_SIZE - 13]) {
      const records = [new Uint8Array(lead).fill(7), ...sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + k) & 0xff))];
      let file: Uint8Array = WANDB_HEADER.slice();
      // written in two appends, as a run writes batch after batch
      const first = frameRecords(records.slice(0, 4), file.length);
      file = concat(file, first.bytes);
      const second = frameRecords(records.slice(4), first.length);
      file = concat(file, second.bytes);
      expect(second.length).toBe(file.length);
      const read = readRecords(file);
      expect(read.problem).toBeUndefined();
      expect(read.records.length).toBe(records.length);
      read.records.forEach((r, i) => {
        expect(Buffer.from(r).equals(Buffer.from(records[i] as Uint8Array)), `record ${i} (lead ${lead})`).toBe(true);
      });
    }
  });

  it("reports a torn tail and a corrupt chunk instead of inventing data", () => {
    const framed = frameRecords([new Uint8Array(100).fill(1), new Uint8Array(50).fill(2)], WANDB_HEADER.length);
    const file = concat(WANDB_HEADER, framed.bytes);
    expect(readRecords(file.subarray(0, file.length - 10)).records.length).toBe(1);
    expect(readRecords(file.subarray(0, file.length - 10)).problem).toMatch(/torn/);
    const corrupt = file.slice();
    corrupt[20] = (corrupt[20] as number) ^ 0xff;
    expect(readRecords(corrupt).problem).toMatch(/checksum/);
    expect(readRecords(new Uint8Array([1, 2, 3, 4, 5, 6, 7])).problem).toMatch(/bad header/);
  });
});

describe("wandb_internal.Record messages", () => {
  it("decode to what was encoded", () => {
    const run = decodeRecord(
      runRecord(2, { runId: "abc12345", entity: "e", project: "p", config: [["lr", 0.1]], group: "g", displayName: "run ✓", tags: ["x:1"], startTime: 1_700_000_000_123.5 }),
    );
    expect(run).toMatchObject({ type: "run", num: 2, run: { runId: "abc12345", entity: "e", project: "p", group: "g", displayName: "run ✓", tags: ["x:1"], config: [[["lr"], 0.1]] } });
    expect(run.type === "run" && run.run.startTime).toBeCloseTo(1_700_000_000_123.5, 3);
    expect(decodeRecord(headerRecord(1, "dimexp"))).toEqual({ type: "header", num: 1, producer: "dimexp" });
    expect(decodeRecord(configRecord(3, [["a", { value: [1, "b"] }]], ["gone"], "dimexp:b1"))).toEqual({
      type: "config",
      num: 3,
      uuid: "dimexp:b1",
      update: [[["a"], { value: [1, "b"] }]],
      remove: [["gone"]],
    });
    const history = decodeRecord(historyRecord(4, '{"x":NaN,"y":-0.0,"_step":7,"_runtime":1.5,"_timestamp":1700000000.5}'));
    expect(history.type).toBe("history");
    if (history.type === "history") {
      expect(history.step).toBe(7);
      expect(history.items.map(([k]) => k[0])).toEqual(["x", "y", "_step", "_runtime", "_timestamp"]);
      expect(Number.isNaN(history.items[0]?.[1])).toBe(true);
      expect(Object.is(history.items[1]?.[1], -0)).toBe(true);
    }
    expect(decodeRecord(summaryRecord(5, [["loss", 0.5]]))).toMatchObject({ type: "summary", update: [[["loss"], 0.5]] });
    expect(decodeRecord(exitRecord(6, 1, 12.4))).toEqual({ type: "exit", num: 6, exitCode: 1, runtime: 12 });
    expect(decodeRecord(exitRecord(7, 0, 3))).toEqual({ type: "exit", num: 7, exitCode: 0, runtime: 3 });
  });

  it("reads a log the real W&B SDK (0.31.0) wrote offline", () => {
    const bytes = new Uint8Array(readFileSync(fixture));
    const { records, problem } = readRecords(bytes);
    expect(problem).toBeUndefined();
    const kinds = records.map((r) => decodeRecord(r).type);
    expect(kinds[0]).toBe("header");
    expect(kinds).toContain("run");
    expect(kinds.filter((k) => k === "history").length).toBe(3);
    expect(kinds[kinds.length - 1]).toBe("exit");
    const replayed = replayTransactionLog(fixture);
    expect(replayed).toMatchObject({ project: "p1", entity: "ent", group: "g", displayName: "disp", tags: ["a", "b"], exitCode: 0 });
    expect(replayed?.config).toMatchObject({ lr: 0.1, lr_unit: "1/s" });
    expect(replayed?.rows.map((r) => r.loss)).toEqual([1, 0.5, 1 / 3]);
    expect(replayed?.summary).toMatchObject({ loss: 1 / 3, acc: 2, extra: 5, _step: 2 });
  });
});
