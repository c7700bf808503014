// Goal 1: converting a 10⁷-element DimArray runs at ≥ 0.5× a plain Float64Array loop.
// `.to()` allocates its output; `.to(target, { out })` writes into a given array.
// Each is held against the plain loop on the same footing: allocating vs
// allocating, preallocated vs preallocated (first-touch page faults of a fresh
// 80 MB array cost as much as the arithmetic, so mixing the two is not a fair race).

import { pathToFileURL } from "node:url";
import { DimArray, convertArrayInto, converter, unit } from "../dist/index.js";
import { fmtRate, fmtRatio, goal, header, info, interleave, ratio, table } from "./harness.mjs";

const N = 10_000_000;

// Plain baselines, written the way a careful user would: one monomorphic loop each.
function scaleInto(src, out, k) {
  for (let i = 0; i < src.length; i++) out[i] = src[i] * k;
  return out;
}
function affineInto(src, out, k, b) {
  for (let i = 0; i < src.length; i++) out[i] = src[i] * k + b;
  return out;
}

const unwrap = (either) => {
  if (either._tag === "Left") throw new Error(either.left.message);
  return either.right;
};

const maxRelativeDifference = (a, b) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), Number.MIN_VALUE);
    if (d > worst) worst = d;
  }
  return worst;
};

export const run = () => {
  header(`1. DimArray.to() on ${N.toExponential(0)} float64 elements vs a plain loop`);
  const src = new Float64Array(N);
  for (let i = 0; i < N; i++) src[i] = ((i * 7919) % 100_003) * 0.01 - 250; // spans −250…750
  const out = new Float64Array(N);

  // Baseline constants read from variables, so no loop is specialised on a literal.
  const cases = [
    { label: "J → erg", from: "J", to: "erg", scale: 1e7, offset: 0 },
    { label: "degC → K", from: "degC", to: "K", scale: 1, offset: 273.15 },
  ];

  const variants = [];
  for (const c of cases) {
    const { scale, offset } = c;
    const plainInto = offset === 0 ? (o) => scaleInto(src, o, scale) : (o) => affineInto(src, o, scale, offset);
    // Correctness first: ours must match the plain loop element for element.
    const ours = unwrap(unwrap(DimArray.of(src, c.from)).to(c.to)).data;
    const diff = maxRelativeDifference(ours, plainInto(out));
    console.log(`  check ${c.label}: max relative difference vs plain loop = ${diff.toExponential(1)}${diff > 1e-15 ? "  (MISMATCH)" : ""}`);

    c.ours = `ours ${c.label}  DimArray.of(data, "${c.from}").to("${c.to}")`;
    c.into = `plain ${c.label}  loop into preallocated output`;
    c.alloc = `plain ${c.label}  loop into new Float64Array(n)`;
    c.oursInto = `ours ${c.label}  convertArrayInto(converter(..), data, out)`;
    c.oursOut = `ours ${c.label}  DimArray.of(data, "${c.from}").to("${c.to}", { out })`;
    const from = unit(c.from);
    const to = unit(c.to);
    variants.push(
      {
        name: c.oursInto,
        work: N,
        run: () => {
          convertArrayInto(unwrap(converter(from, to)), src, out);
          return out[N >> 1];
        },
      },
      { name: c.ours, work: N, run: () => unwrap(unwrap(DimArray.of(src, c.from)).to(c.to)).data[N >> 1] },
      { name: c.oursOut, work: N, run: () => unwrap(unwrap(DimArray.of(src, c.from)).to(c.to, { out })).data[N >> 1] },
      { name: c.into, work: N, run: () => plainInto(out)[N >> 1] },
      { name: c.alloc, work: N, run: () => plainInto(new Float64Array(N))[N >> 1] },
    );
  }

  const ROUNDS = 21;
  const results = interleave(variants, { rounds: ROUNDS, warmupMs: 400, targetMs: 1, maxCalls: 1 });

  console.log(`  median elements/s over ${ROUNDS} interleaved rounds (one call per variant per round, gc between calls):`);
  table(variants.map((v) => [v.name, `${fmtRate(results.get(v.name).median)} el/s`]));
  console.log("  ratios, paired per round (median, and range over rounds):");
  const goals = [];
  for (const c of cases) {
    const vsInto = ratio(results, c.ours, c.into);
    const vsAlloc = ratio(results, c.ours, c.alloc);
    const intoVsInto = ratio(results, c.oursInto, c.into);
    const outVsInto = ratio(results, c.oursOut, c.into);
    console.log(`  ${c.label}: ours .to()  / plain preallocated = ${fmtRatio(vsInto)}`);
    console.log(`  ${c.label}: ours .to()  / plain allocating   = ${fmtRatio(vsAlloc)}`);
    console.log(`  ${c.label}: ours convertArrayInto / plain preallocated = ${fmtRatio(intoVsInto)}`);
    console.log(`  ${c.label}: ours .to({ out }) / plain preallocated = ${fmtRatio(outVsInto)}`);
    goals.push(goal(`array ${c.label}: .to() vs plain loop allocating its output like .to()`, vsAlloc.median, 0.5));
    goals.push(goal(`array ${c.label}: .to(target, { out }) vs plain loop into preallocated output`, outVsInto.median, 0.5));
    info(`array ${c.label}: .to() (allocating) vs plain loop into preallocated output`, vsInto.median);
    info(`array ${c.label}: convertArrayInto (no allocation) vs plain loop into preallocated output`, intoVsInto.median);
  }
  return goals;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) run();
