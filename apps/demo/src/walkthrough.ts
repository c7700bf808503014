// A short physics walk-through of @dimexp/units. Every number printed is
// computed here through the library; nothing is typed in as a result.

import {
  DimArray,
  type Either,
  type Quantity,
  type UnitsError,
  formatUnit,
  parseQuantity,
  physicalConstant,
  q,
} from "@dimexp/units";

/** The demo's inputs are fixed, so a Left here is a bug in the demo or the library. */
const must = <A>(result: Either<UnitsError, A>): A => {
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

/** The message of the error a call is expected to return. */
const errorOf = <A>(result: Either<UnitsError, A>): string => {
  if (result._tag === "Right") throw new Error("expected this conversion to be refused");
  return result.left.message;
};

/** 4 significant digits, trailing zeros dropped: 240.6, 2.406e9, 0.03878. */
const num = (value: number, digits = 4): string => {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(digits)));
};

const show = (quantity: Quantity, digits = 4): string => `${num(quantity.value, digits)} ${formatUnit(quantity.unit, "unicode")}`;

/** Deterministic normal deviates (mulberry32 + Box–Muller), so the output is reproducible. */
const normalSource = (seed: number): (() => number) => {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
};

export const SAMPLE_SIZE = 1_000_000;

export function walkthrough(): string[] {
  const out: string[] = [];
  const section = (title: string) => out.push("", title);
  const line = (text: string) => out.push(`  ${text}`);

  out.push("dimexp demo: physics with units that are checked, not assumed");

  section("1. Temperatures at the two ends of a copper rod");
  const freezing = must(parseQuantity("0 degC"));
  line(`0 °C in Fahrenheit: ${show(must(freezing.to("degF")))} (exactly 32: the affine conversion is compiled from exact fractions)`);
  const hot = must(parseQuantity("30 degC"));
  const cold = must(parseQuantity("20 degC"));
  const deltaT = must(hot.sub(cold));
  line(`hot end 30 °C, cold end 20 °C: 30 °C − 20 °C = ${show(deltaT)} (a temperature difference, not 10 °C)`);
  line(`30 °C + 20 °C is refused: ${errorOf(hot.add(cold))}`);

  section("2. Heat through the rod: Fourier's law, the steady state of the heat equation");
  const conductivity = q(401, "W/(m*K)");
  const area = q(1, "cm^2");
  const length = q(10, "cm");
  const duration = q(1, "min");
  line(`Q = k·A·ΔT·t / L with k = ${show(conductivity)} (LaTeX: ${conductivity.format("latex")}), A = ${show(area)}, L = ${show(length)}, t = ${show(duration)}`);
  const heat = must(must(must(must(conductivity.mul(area)).mul(deltaT)).mul(duration)).div(length));
  const heatJ = must(heat.to("J"));
  const heatErg = must(heat.to("erg"));
  line(`Q = ${show(heatJ)} = ${show(heatErg)} (SI vs CGS: 1 J = 10⁷ erg)`);
  line(`the two agree when compared unit-aware: Q[J] == Q[erg] is ${must(heatJ.eq(heatErg))}`);
  line(`an energy is not a power (the time went missing): ${errorOf(heatJ.to("W"))}`);

  section("3. Gaussian electromagnetism: statcoulomb and coulomb");
  const electronStatC = q(4.80320471257e-10, "statC");
  line(`elementary charge ${show(electronStatC, 12)} = ${show(must(electronStatC.to("C", { context: "gaussian" })), 10)} (context "gaussian")`);
  line(`1 C = ${show(must(q(1, "C").to("statC", { context: "gaussian" })), 10)}`);
  line(`without the context: ${errorOf(electronStatC.to("C"))}`);

  section("4. Natural units (ħ = c = 1): an inverse energy is a length");
  const inverseGeV = q(1, "GeV^-1");
  line(`1 GeV⁻¹ = ${show(must(inverseGeV.to("fm", { context: "natural" })), 6)} (ħc = 197.327 MeV·fm)`);
  line(`proton mass 0.938272 GeV = ${show(must(q(0.938272, "GeV").to("kg", { context: "natural" })), 6)}`);

  section("5. Spectral: green light");
  const green = q(500, "nm");
  line(`${show(green)} = ${show(must(green.to("eV", { context: "spectral" })))} = ${show(must(green.to("THz", { context: "spectral" })))} (E = hc/λ)`);

  section(`6. ${SAMPLE_SIZE.toLocaleString("en-US")} kinetic energies of an ideal gas at 300 K, as a DimArray`);
  const temperature = q(300, "K");
  const kT = must(must(physicalConstant("k_B").mul(temperature)).to("J"));
  const normal = normalSource(20_240_601);
  const energies = new Float64Array(SAMPLE_SIZE);
  for (let i = 0; i < SAMPLE_SIZE; i++) {
    // E = m·v²/2 with each velocity component ~ N(0, kT/m): E = kT·(z₁² + z₂² + z₃²)/2.
    const z1 = normal();
    const z2 = normal();
    const z3 = normal();
    energies[i] = (kT.value * (z1 * z1 + z2 * z2 + z3 * z3)) / 2;
  }
  const inJoules = must(DimArray.of(energies, "J"));
  const inEv = must(inJoules.to("eV"));
  const mean = inEv.mean();
  const std = inEv.std();
  const kTeV = must(kT.to("eV")).value;
  line(`k_B·T = ${show(kT)} = ${num(kTeV)} eV; sampled in J, converted to eV in one pass over the Float64Array`);
  line(`mean = ${show(mean)} (equipartition: 3/2·k_B·T = ${num(1.5 * kTeV)} eV)`);
  line(`std  = ${show(std)} (theory: √(3/2)·k_B·T = ${num(Math.sqrt(1.5) * kTeV)} eV)`);
  line(`unicode: mean = ${mean.format("unicode", { precision: 4 })}, std = ${std.format("unicode", { precision: 4 })}`);
  line(`LaTeX:   $\\bar E = ${mean.format("latex", { precision: 4 })}$, $\\sigma_E = ${std.format("latex", { precision: 4 })}$`);
  line(`siunitx: ${mean.format("siunitx", { precision: 4 })} ± ${std.format("siunitx", { precision: 4 })}`);
  return out;
}
