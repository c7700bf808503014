// Timing. These machines are shared and noisy, so a bare time means little:
// every variant runs once per round, the rounds rotate the order (each variant
// takes every position), and comparisons are ratios of variants measured in the
// same round, summarised by their median.

const collect = () => globalThis.gc?.();
const nowNs = () => process.hrtime.bigint();

let blackhole = 0;
/** Keeps results observable so the JIT cannot drop the work that produced them. */
export const consume = (x) => {
  blackhole += typeof x === "number" ? x : 1;
};

export const median = (xs) => {
  if (xs.length === 0) throw new Error("median of no samples");
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Wall-clock milliseconds since an arbitrary origin. */
export const now = () => Number(nowNs()) / 1e6;

/**
 * Runs variants side by side: `warmup` untimed rounds, then `repetitions`
 * timed rounds, the order rotating each round.
 *   variant: { name, run(round) → void | number | Promise<void | number> }
 * run() is timed from outside; when it returns a number, that number is the
 * sample instead (for a peer that times itself, e.g. a Python process whose
 * start-up and input loading must not count). Samples are "lower is better"
 * (seconds).
 * Returns Map name → { samples: number[] (seconds), median }.
 */
export const sideBySide = async (variants, { warmup = 1, repetitions = 5, onSample } = {}) => {
  const results = new Map(variants.map((v) => [v.name, { samples: [], median: 0 }]));
  for (let r = -warmup; r < repetitions; r++) {
    const round = r + warmup;
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + round) % variants.length];
      collect();
      const t0 = nowNs();
      const returned = await v.run(r);
      const elapsed = Number(nowNs() - t0) / 1e9;
      const seconds = typeof returned === "number" ? returned : elapsed;
      if (r >= 0) {
        results.get(v.name).samples.push(seconds);
        onSample?.(v.name, r, seconds);
      }
    }
  }
  for (const res of results.values()) res.median = median(res.samples);
  return results;
};

/**
 * Throughput of small synchronous operations: each variant is warmed up for
 * `warmupMs` and calibrated to about `targetMs` per round, then timed in
 * `repetitions` interleaved rounds.
 *   variant: { name, work, run(), prepare?(calls) }
 *     work     units of work (elements, conversions) done by one run()
 *     prepare  untimed, before each batch of `calls` runs (fresh inputs for cold paths)
 * Returns Map name → { rates: number[] (work/s, one per round), median, calls }.
 */
export const throughput = (variants, { repetitions = 9, warmupMs = 300, targetMs = 100, maxCalls = 1e6 } = {}) => {
  const time = (v, calls) => {
    v.prepare?.(calls);
    collect();
    const t0 = nowNs();
    for (let i = 0; i < calls; i++) consume(v.run());
    return Number(nowNs() - t0) / 1e9;
  };
  const calls = new Map();
  for (const v of variants) {
    let n = 1;
    let spent = 0;
    let perCall = Number.POSITIVE_INFINITY;
    const until = warmupMs / 1000;
    while (spent < until) {
      const s = time(v, n);
      spent += s;
      perCall = Math.min(perCall, s / n);
      if (s < until / 4) n *= 2;
    }
    calls.set(v.name, Math.max(1, Math.min(maxCalls, Math.round(targetMs / 1000 / perCall))));
  }
  const results = new Map(variants.map((v) => [v.name, { rates: [], median: 0, calls: calls.get(v.name) }]));
  for (let r = 0; r < repetitions; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + r) % variants.length];
      const n = calls.get(v.name);
      results.get(v.name).rates.push((v.work * n) / time(v, n));
    }
  }
  for (const res of results.values()) res.median = median(res.rates);
  if (blackhole === 0.123456789) console.log("(blackhole)");
  return results;
};

/**
 * Per-round ratio a/b of two sample series measured in the same rounds:
 * { median, min, max }. For times, speedOf(ours, peer) = peer/ours is the
 * "how many times the peer's speed" figure.
 */
export const ratioOf = (a, b) => {
  if (a.length !== b.length) throw new Error(`ratioOf: ${a.length} samples against ${b.length}`);
  const per = a.map((x, i) => x / b[i]);
  return { median: median(per), min: Math.min(...per), max: Math.max(...per) };
};

/** Speed of `ours` relative to `peer` from per-round times (peer time / our time). */
export const speedOf = (oursSeconds, peerSeconds) => ratioOf(peerSeconds, oursSeconds);

/**
 * Samples process.memoryUsage() every `everyMs` while `work()` runs and
 * returns { result, peak, start, growth } ({ arrayBuffers, heapUsed, rss } in
 * bytes; growth = peak − start: what the work itself held).
 * The sampler runs on the event loop, so synchronous stretches of work are
 * observed at their edges; callers that stream yield between pages anyway.
 */
export const peakMemory = async (work, { everyMs = 5 } = {}) => {
  const peak = { arrayBuffers: 0, heapUsed: 0, rss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  collect();
  const at = process.memoryUsage();
  const start = { arrayBuffers: at.arrayBuffers, heapUsed: at.heapUsed, rss: at.rss };
  sample();
  const timer = setInterval(sample, everyMs);
  try {
    const result = await work(sample);
    sample();
    const growth = { arrayBuffers: peak.arrayBuffers - start.arrayBuffers, heapUsed: peak.heapUsed - start.heapUsed, rss: peak.rss - start.rss };
    return { result, peak, start, growth };
  } finally {
    clearInterval(timer);
  }
};
