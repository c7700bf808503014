// A core LogBatch as log-batch requests within every limit of the server
// (≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 entities, ≤ 1 MB body;
// tag values ≤ 8000 characters), each pre-serialized once so that a retry
// sends the same bytes.
//
// Params travel in the first chunk(s), which are sent before any other (a
// changed param is refused before a point is written). Every chunk with
// points carries its fix tags (fidelity.ts) and names a *witness*: one of its
// points that cannot have existed on the server before the chunk was applied
// (it sorts after every earlier point of its metric) and that no later chunk
// repeats. The server applies a request's points in one transaction, so the
// witness alone tells whether a chunk whose response was lost was applied.

import type { KeyValue, LogBatch } from "@dimexp/core";
import { FIX_TAG_PREFIX, type FixEntry, type KeyCursor, MAX_FIX_TAG_CHARS, classify, storedIdentity } from "./fidelity.js";
import { intJson, storedInt, valueJson } from "./wire.js";

export const LIMITS = {
  metrics: 1000,
  params: 100,
  tags: 100,
  entities: 1000,
  /** the server refuses bodies over 1,000,000 bytes; room is left for the envelope */
  bodyBytes: 990_000,
  paramValueChars: 6000,
  tagValueChars: 8000,
} as const;

export interface Witness {
  readonly key: string;
  /** stored step, as the text sent */
  readonly stepText: string;
  readonly identity: string;
}

export interface Chunk {
  readonly index: number;
  /** the request body */
  readonly body: string;
  readonly points: number;
  readonly params: readonly KeyValue[];
  /** tags of the batch and fix tags */
  readonly tags: readonly KeyValue[];
  readonly witness: Witness | undefined;
}

export interface PlannedBatch {
  readonly chunks: readonly Chunk[];
  /** chunks[0 .. headCount) carry params and go first, one at a time */
  readonly headCount: number;
  readonly points: number;
}

export type Limits = { readonly [K in keyof typeof LIMITS]: number };

const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");

/** How many more characters `s` takes once escaped inside a JSON string. */
const escapedExtra = (s: string): number => {
  let extra = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) extra++;
  }
  return extra;
};

class ChunkBuilder {
  readonly params: KeyValue[] = [];
  readonly tags: KeyValue[] = [];
  readonly metricParts: string[] = [];
  readonly fixes = new Map<string, { entries: string[]; chars: number }[]>();
  fixTagCount = 0;
  bytes: number;
  witness: Witness | undefined;
  candidates: Array<{ witness: Witness }> = [];

  constructor(readonly envelope: number) {
    this.bytes = envelope;
  }

  get entities(): number {
    return this.params.length + this.tags.length + this.fixTagCount + this.metricParts.length;
  }
  get empty(): boolean {
    return this.entities === 0;
  }
}

const kvJson = (kv: KeyValue): string => `{"key":${JSON.stringify(kv.key)},"value":${JSON.stringify(kv.value)}}`;

/** The text of one fix tag value. */
const fixTagValue = (metricKey: string, entries: readonly string[]): string => `{"k":${JSON.stringify(metricKey)},"p":[${entries.join(",")}]}`;

const fixTagOverhead = (metricKey: string, chunkSeq: string): { valueChars: number; bodyBytes: number } => {
  const value = fixTagValue(metricKey, []);
  const key = `${FIX_TAG_PREFIX}${chunkSeq}.000`;
  return { valueChars: value.length, bodyBytes: Buffer.byteLength(`{"key":"${key}","value":""},`) + Buffer.byteLength(value) + escapedExtra(value) };
};

/**
 * Splits a batch. `cursors` (per metric key) are advanced as points are
 * classified; `nextSeq` gives each chunk a sequence that sorts in logging order.
 */
export const planBatch = (
  runId: string,
  batch: LogBatch,
  cursors: Map<string, KeyCursor>,
  nextSeq: () => string,
  limits: Limits = LIMITS,
): PlannedBatch => {
  const envelope = `{"run_id":${JSON.stringify(runId)},"params":[],"tags":[],"metrics":[]}`.length;
  const chunks: ChunkBuilder[] = [];
  const seqs: string[] = [];
  let current = new ChunkBuilder(envelope);
  let currentSeq = nextSeq();
  const cut = () => {
    if (current.empty) return;
    chunks.push(current);
    seqs.push(currentSeq);
    current = new ChunkBuilder(envelope);
    currentSeq = nextSeq();
  };

  for (const p of batch.params) {
    const bytes = utf8(kvJson(p)) + 1;
    if (current.params.length >= limits.params || current.entities >= limits.entities || current.bytes + bytes > limits.bodyBytes) cut();
    current.params.push(p);
    current.bytes += bytes;
  }
  const headHasParams = batch.params.length > 0;
  for (const t of batch.tags) {
    const bytes = utf8(kvJson(t)) + 1;
    if (current.tags.length + current.fixTagCount >= limits.tags || current.entities >= limits.entities || current.bytes + bytes > limits.bodyBytes) cut();
    current.tags.push(t);
    current.bytes += bytes;
  }
  // chunks holding params must all precede the rest; keep them free of points
  // only when there are several (one head chunk may carry points too)
  let headCount = 0;
  if (headHasParams) {
    if (chunks.length > 0) {
      cut();
      headCount = chunks.length;
    } else headCount = 1;
  }

  let points = 0;
  for (const series of batch.metrics) {
    const n = series.values.length;
    if (n === 0) continue;
    const key = series.key;
    const keyJson = JSON.stringify(key);
    let cursor = cursors.get(key);
    if (cursor === undefined) {
      cursor = { high: undefined, last: undefined };
      cursors.set(key, cursor);
    }
    const overhead = fixTagOverhead(key, currentSeq);
    for (let i = 0; i < n; i++) {
      const ts = series.timestamps[i] as number;
      const step = series.steps[i] as number;
      const value = series.values[i] as number;
      const point = { ts, step, value };
      const stepText = intJson(step);
      const part = `{"key":${keyJson},"value":${valueJson(value)},"timestamp":${intJson(ts)},"step":${stepText}}`;
      const { entry, ordinary } = classify(cursor, point);
      const entryText = entry === undefined ? undefined : JSON.stringify(entry as FixEntry);
      for (;;) {
        let bytes = Buffer.byteLength(part) + 1;
        let newTag = false;
        let fixList = current.fixes.get(key);
        let lastFix = fixList?.at(-1);
        if (entryText !== undefined) {
          const grow = entryText.length + 1;
          if (lastFix === undefined || lastFix.chars + grow > MAX_FIX_TAG_CHARS) {
            newTag = true;
            bytes += overhead.bodyBytes + entryText.length + escapedExtra(entryText);
          } else bytes += grow + escapedExtra(entryText);
        }
        const fits =
          current.metricParts.length < limits.metrics &&
          current.entities + 1 + (newTag ? 1 : 0) <= limits.entities &&
          current.tags.length + current.fixTagCount + (newTag ? 1 : 0) <= limits.tags &&
          current.bytes + bytes <= limits.bodyBytes;
        if (!fits) {
          if (current.empty) throw new Error("a single metric point does not fit in a log-batch request");
          cut();
          continue;
        }
        current.metricParts.push(part);
        current.bytes += bytes;
        if (entryText !== undefined) {
          if (newTag) {
            const created = { entries: [entryText], chars: overhead.valueChars + entryText.length };
            if (fixList === undefined) {
              fixList = [];
              current.fixes.set(key, fixList);
            }
            fixList.push(created);
            current.fixTagCount++;
            lastFix = created;
          } else if (lastFix) {
            lastFix.entries.push(entryText);
            lastFix.chars += entryText.length + 1;
          }
        }
        if (ordinary && current.witness === undefined) {
          current.witness = { key, stepText: String(storedInt(step)), identity: storedIdentity(point) };
        }
        if (!ordinary) current.candidates.push({ witness: { key, stepText: String(storedInt(step)), identity: storedIdentity(point) } });
        break;
      }
      points++;
    }
  }
  cut();

  // A witness must not be repeated by a later chunk (only out-of-order points can repeat one).
  const later = new Set<string>();
  const built: Chunk[] = [];
  for (let c = chunks.length - 1; c >= 0; c--) {
    const chunk = chunks[c] as ChunkBuilder;
    let witness = chunk.witness;
    if (witness && later.has(`${witness.key}\u0000${witness.identity}`)) witness = undefined;
    for (const candidate of chunk.candidates) later.add(`${candidate.witness.key}\u0000${candidate.witness.identity}`);
    if (witness) later.add(`${witness.key}\u0000${witness.identity}`);
    chunk.witness = witness;
  }
  chunks.forEach((chunk, index) => {
    const seq = seqs[index] as string;
    const fixTags: KeyValue[] = [];
    let n = 0;
    for (const [metricKey, list] of chunk.fixes) {
      for (const fix of list) fixTags.push({ key: `${FIX_TAG_PREFIX}${seq}.${String(n++).padStart(3, "0")}`, value: fixTagValue(metricKey, fix.entries) });
    }
    const tags = [...chunk.tags, ...fixTags];
    const body = `{"run_id":${JSON.stringify(runId)},"params":[${chunk.params.map(kvJson).join(",")}],"tags":[${tags.map(kvJson).join(",")}],"metrics":[${chunk.metricParts.join(",")}]}`;
    built.push({ index, body, points: chunk.metricParts.length, params: chunk.params, tags, witness: chunk.witness });
  });
  return { chunks: built, headCount: Math.min(headCount, built.length), points };
};
