// Physical constants as Quantities in SI units. The seven defining constants
// of the 2019 SI are exact; measured ones (α, G, m_e, …) come from the CODATA
// edition named by CODATA_EDITION.

import { CODATA_EDITION } from "./internal/definitions.js";
import { Quantity } from "./quantity.js";
import { unitAtom } from "./registry.js";
import { getSystem } from "./system.js";

export { CODATA_EDITION };

const SYMBOLS = {
  c: "c",
  h: "ℎ",
  hbar: "ħ",
  e: "e",
  k_B: "k_B",
  N_A: "N_A",
  alpha: "α",
  G: "G_N",
  m_e: "m_e",
  m_p: "m_p",
  m_n: "m_n",
  u: "Da",
  epsilon_0: "ε_0",
  mu_0: "µ_0",
  a_0: "a_0",
  E_h: "E_h",
  R_inf: "R_inf",
  g_0: "g_0",
  R: "R_gas",
  sigma: "σ_SB",
} as const;

export type ConstantName = keyof typeof SYMBOLS;

/** Which constants are exact by definition of the SI (2019). */
export const EXACT_CONSTANTS: readonly ConstantName[] = ["c", "h", "hbar", "e", "k_B", "N_A", "g_0", "R"];

const cache = new Map<ConstantName, Quantity>();

/** A physical constant in canonical SI units, e.g. `physicalConstant("hbar")` → 1.054571817e-34 J*s. */
export const physicalConstant = (name: ConstantName): Quantity => {
  let value = cache.get(name);
  if (!value) {
    const atom = unitAtom(SYMBOLS[name]);
    if (!atom) throw new Error(`missing constant ${name}`);
    const si = getSystem("si");
    const unit = si._tag === "Right" ? si.right.canonicalUnit(atom.dimension) : undefined;
    if (!unit || unit._tag === "Left") throw new Error(`no SI unit for ${name}`);
    value = new Quantity(atom.scale.value, unit.right);
    cache.set(name, value);
  }
  return value;
};

export const constantNames = (): ConstantName[] => Object.keys(SYMBOLS) as ConstantName[];
