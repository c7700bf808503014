// Getting back exactly what was logged, from a server that keeps less.
//
// MLflow keeps a metric point as (timestamp, step, value, is_nan) with int64
// timestamp and step, clamps ±Infinity to ±1.7976931348623157e308, loses the
// sign of -0 (SQLite), and returns a history sorted by (timestamp, step,
// value) — not in logging order. The contract of a dimexp backend is the
// logged points, exactly, in logging order. So the writer records what the
// server cannot keep, as "fix" entries in run tags (written in the same
// log-batch request as the points they describe, after them):
//
//   - a point whose stored form differs from it (±Infinity, -0, a fractional
//     or out-of-range step/timestamp) gets an entry with its exact values;
//   - a point that does not sort strictly after every point logged before it
//     (an earlier timestamp, a tie) gets an entry naming its predecessor in
//     logging order.
//
// Points that need neither — the usual case: time moves forward, steps count
// up — cost nothing. Reading sorts nothing: the server's order is the logging
// order of the ordinary points, and each entry (in logging order) patches a
// value or moves one point after its predecessor.
//
// Tag: dimexp.fix.<chunk sequence>.<n> = {"k": metric key, "p": [[ts, step, value, (pts, pstep, pvalue)?], …]}
// numbers as JSON numbers, or "NaN", "Infinity", "-Infinity", "-0".

import { numberText, parseNumberText } from "@dimexp/core";
import { MAX_DOUBLE, storedInt, storedValue } from "./wire.js";

export const FIX_TAG_PREFIX = "dimexp.fix.";
/** A run tag value may hold 8000 characters. */
export const MAX_FIX_TAG_CHARS = 7900;

export interface Point {
  readonly ts: number;
  readonly step: number;
  readonly value: number;
}

/** Where the server sorts a point: (timestamp, step, value), NaN stored as 0. */
export interface SortKey {
  readonly ts: number;
  readonly step: number;
  readonly sort: number;
}

export const sortKeyOf = (p: Point): SortKey => {
  const v = storedValue(p.value);
  return { ts: storedInt(p.ts), step: storedInt(p.step), sort: Number.isNaN(v) ? 0 : v };
};

export const compareSortKeys = (a: SortKey, b: SortKey): number =>
  a.ts !== b.ts ? (a.ts < b.ts ? -1 : 1) : a.step !== b.step ? (a.step < b.step ? -1 : 1) : a.sort !== b.sort ? (a.sort < b.sort ? -1 : 1) : 0;

/** The server's identity of a point (its primary key without run and metric key). */
export const storedIdentity = (p: Point): string => {
  const v = storedValue(p.value);
  return `${storedInt(p.ts)}|${storedInt(p.step)}|${Number.isNaN(v) ? "NaN" : String(v)}`;
};

/** Identity of a point as the server returned it. */
export const wireIdentity = (ts: number, step: number, value: number): string =>
  `${ts}|${step}|${Number.isNaN(value) ? "NaN" : String(value === 0 ? 0 : value)}`;

const exactKey = (p: Point): string => `${numberText(p.ts)}|${numberText(p.step)}|${numberText(p.value)}`;

/** Whether the server keeps the point exactly as given. */
export const storedExactly = (p: Point): boolean =>
  Object.is(storedInt(p.ts), p.ts) && Object.is(storedInt(p.step), p.step) && (Number.isNaN(p.value) || Object.is(storedValue(p.value), p.value));

const enc = (x: number): number | string => (Number.isFinite(x) && !Object.is(x, -0) ? x : numberText(x));
const dec = (x: unknown): number | undefined => (typeof x === "number" ? x : typeof x === "string" ? parseNumberText(x) : undefined);

export type FixEntry = readonly [number | string, number | string, number | string] | readonly [number | string, number | string, number | string, number | string, number | string, number | string];

export const fixEntry = (p: Point, predecessor: Point | undefined): FixEntry =>
  predecessor === undefined
    ? [enc(p.ts), enc(p.step), enc(p.value)]
    : [enc(p.ts), enc(p.step), enc(p.value), enc(predecessor.ts), enc(predecessor.step), enc(predecessor.value)];

/** The writer's memory of one metric of one run: the largest sort key so far and the last point. */
export interface KeyCursor {
  high: SortKey | undefined;
  last: Point | undefined;
}

/** Classifies the next logged point and advances the cursor: the fix entry it needs, if any. */
export const classify = (cursor: KeyCursor, p: Point): { entry: FixEntry | undefined; ordinary: boolean } => {
  const key = sortKeyOf(p);
  const inOrder = cursor.high === undefined || compareSortKeys(key, cursor.high) > 0;
  const predecessor = cursor.last;
  if (inOrder) cursor.high = key;
  cursor.last = p;
  if (!inOrder) return { entry: fixEntry(p, predecessor), ordinary: false };
  return { entry: storedExactly(p) ? undefined : fixEntry(p, undefined), ordinary: true };
};

export interface FixTag {
  readonly tagKey: string;
  readonly metricKey: string;
  readonly entries: readonly FixEntry[];
}

/** The fix tags of a run, in logging order (tag keys sort by chunk sequence). */
export const readFixTags = (tags: Readonly<Record<string, string>>): FixTag[] => {
  const out: FixTag[] = [];
  for (const [tagKey, value] of Object.entries(tags)) {
    if (!tagKey.startsWith(FIX_TAG_PREFIX)) continue;
    try {
      const parsed = JSON.parse(value) as { k?: unknown; p?: unknown };
      if (typeof parsed.k === "string" && Array.isArray(parsed.p)) out.push({ tagKey, metricKey: parsed.k, entries: parsed.p as FixEntry[] });
    } catch {
      /* not ours, or damaged: ignored */
    }
  }
  return out.sort((a, b) => (a.tagKey < b.tagKey ? -1 : a.tagKey > b.tagKey ? 1 : 0));
};

const pointOf = (entry: readonly unknown[], offset: number): Point | undefined => {
  const ts = dec(entry[offset]);
  const step = dec(entry[offset + 1]);
  const value = dec(entry[offset + 2]);
  return ts === undefined || step === undefined || value === undefined ? undefined : { ts, step, value };
};

interface Node {
  ts: number;
  step: number;
  value: number;
  prev: Node | undefined;
  next: Node | undefined;
}

/**
 * The logged points of one metric, in logging order, from the server's sorted
 * history (`ts`, `step`, `value` columns as returned) and the metric's fix entries.
 */
export const reconstruct = (
  stored: { ts: Float64Array; step: Float64Array; value: Float64Array },
  fixes: readonly FixEntry[],
): { ts: Float64Array; step: Float64Array; value: Float64Array } => {
  const n = stored.ts.length;
  if (fixes.length === 0) return stored;
  const head: Node = { ts: 0, step: 0, value: 0, prev: undefined, next: undefined };
  let tail = head;
  const byIdentity = new Map<string, Node[]>();
  const byExact = new Map<string, Node[]>();
  const push = (map: Map<string, Node[]>, key: string, node: Node) => {
    const list = map.get(key);
    if (list) list.push(node);
    else map.set(key, [node]);
  };
  for (let i = 0; i < n; i++) {
    const node: Node = { ts: stored.ts[i] as number, step: stored.step[i] as number, value: stored.value[i] as number, prev: tail, next: undefined };
    tail.next = node;
    tail = node;
    push(byIdentity, wireIdentity(node.ts, node.step, node.value), node);
    push(byExact, exactKey(node), node);
  }
  const unlink = (node: Node) => {
    if (node.prev) node.prev.next = node.next;
    if (node.next) node.next.prev = node.prev;
    if (tail === node) tail = node.prev as Node;
  };
  const insertAfter = (node: Node, after: Node) => {
    node.prev = after;
    node.next = after.next;
    if (after.next) after.next.prev = node;
    after.next = node;
    if (tail === after) tail = node;
  };
  for (const entry of fixes) {
    if (!Array.isArray(entry)) continue;
    const point = pointOf(entry, 0);
    if (point === undefined) continue;
    const candidates = byIdentity.get(storedIdentity(point));
    const node = candidates?.shift();
    if (node === undefined) continue; // collapsed into an identical point, or never written
    const oldExact = byExact.get(exactKey(node));
    if (oldExact) oldExact.splice(oldExact.indexOf(node), 1);
    node.ts = point.ts;
    node.step = point.step;
    node.value = point.value;
    push(byExact, exactKey(node), node);
    if (entry.length >= 6) {
      const predecessorPoint = pointOf(entry, 3);
      const holders = predecessorPoint ? byExact.get(exactKey(predecessorPoint)) : undefined;
      const predecessor = holders?.filter((h) => h !== node).at(-1);
      if (predecessor) {
        unlink(node);
        insertAfter(node, predecessor);
      }
    }
  }
  const ts = new Float64Array(n);
  const step = new Float64Array(n);
  const value = new Float64Array(n);
  let i = 0;
  for (let node = head.next; node && i < n; node = node.next, i++) {
    ts[i] = node.ts;
    step[i] = node.step;
    value[i] = node.value;
  }
  return { ts, step, value };
};

/** A run's latest value of a metric as the server reports it, with the exact value where a fix entry has it. */
export const fixLatest = (
  latest: { value: number; step: number; timestamp: number },
  fixes: readonly FixEntry[],
): { value: number; step: number; timestamp: number } => {
  if (fixes.length === 0) return latest;
  const identity = wireIdentity(latest.timestamp, latest.step, latest.value);
  for (let i = fixes.length - 1; i >= 0; i--) {
    const point = pointOf(fixes[i] as readonly unknown[], 0);
    if (point && storedIdentity(point) === identity) return { value: point.value, step: point.step, timestamp: point.ts };
  }
  return latest;
};

export { MAX_DOUBLE };
