export type Ratio = { median: number; min: number; max: number };

/** Keeps a result observable so the JIT cannot drop the work that produced it. */
export declare const consume: (x: unknown) => void;
export declare const median: (xs: readonly number[]) => number;
/** Wall-clock milliseconds since an arbitrary origin. */
export declare const now: () => number;

export type TimedVariant = {
  name: string;
  /** round < 0 during warmup. Returning a number makes it the sample (seconds), for peers that time themselves. */
  run: (round: number) => void | number | Promise<void | number>;
};
/** Interleaved rounds (order rotating): `warmup` untimed, `repetitions` timed. Samples in seconds. */
export declare const sideBySide: (
  variants: readonly TimedVariant[],
  options?: { warmup?: number; repetitions?: number; onSample?: (name: string, round: number, seconds: number) => void },
) => Promise<Map<string, { samples: number[]; median: number }>>;

export type RateVariant = { name: string; work: number; run: () => unknown; prepare?: (calls: number) => void };
/** Calibrated throughput (work/s) of small synchronous operations, interleaved rounds. */
export declare const throughput: (
  variants: readonly RateVariant[],
  options?: { repetitions?: number; warmupMs?: number; targetMs?: number; maxCalls?: number },
) => Map<string, { rates: number[]; median: number; calls: number }>;

/** Per-round ratio a[i]/b[i]. */
export declare const ratioOf: (a: readonly number[], b: readonly number[]) => Ratio;
/** peer time / our time, per round: "R× the peer's speed". */
export declare const speedOf: (oursSeconds: readonly number[], peerSeconds: readonly number[]) => Ratio;

export type MemoryPeak = { arrayBuffers: number; heapUsed: number; rss: number };
/** Peak process.memoryUsage() (bytes) while work runs; work may call sample() itself at its own checkpoints. */
export declare const peakMemory: <A>(work: (sample: () => void) => Promise<A> | A, options?: { everyMs?: number }) => Promise<{ result: A; peak: MemoryPeak; start: MemoryPeak; growth: MemoryPeak }>;

export type Entry = {
  kind: "goal" | "info" | "skipped";
  name: string;
  ok: boolean;
  line: string;
  value?: number;
  unit?: string;
  ratio?: number;
  peer?: string;
  goal?: number;
  higherIsBetter?: boolean;
};
/** True when BENCH_STRICT=1: a missed goal (or a skipped figure) fails the run. */
export declare const strict: () => boolean;
/** Prints "<name>: <value> <unit>, ratio <R>× vs <peer> (goal ≥ <G>×) ok|MISS". With a ratio the goal is on the ratio. */
export declare const goal: (g: {
  name: string;
  value: number;
  unit: string;
  ratio?: number | Ratio;
  peer?: string;
  goal: number;
  higherIsBetter?: boolean;
  note?: string;
}) => Entry;
export declare const info: (i: { name: string; value: number; unit: string; ratio?: number | Ratio; peer?: string; note?: string }) => Entry;
export declare const skipped: (name: string, reason: string) => Entry;
export declare const header: (title: string) => void;
export declare const reported: () => Entry[];
/** Prints the summary if asked; with BENCH_STRICT=1 sets process.exitCode = 1 on a miss. */
export declare const finish: (options?: { summary?: boolean }) => { missed: number };

/** A scratch folder on DIMEXP_BENCH_DIR or the OS temp folder, removed on exit. */
export declare const scratchDir: (label: string) => string;
/** "Node vX, N × cpu, load average a b c". */
export declare const machine: () => string;
/** Runs each file (relative to base, e.g. import.meta.url) in its own `node --expose-gc`, then prints one summary. */
export declare const runSuite: (title: string, files: readonly string[], base: string | URL, options?: { nodeArgs?: string[] }) => Promise<number>;
