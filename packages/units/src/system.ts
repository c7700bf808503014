// Unit systems: SI, CGS-Gaussian, natural (ħ = c = k_B = 1, GeV), atomic
// (Hartree) and Planck. A system names the canonical unit of any dimension:
// a named unit when one matches exactly (J, erg, statC), else a named unit
// times base units when that is shorter (N·s, J/(K·mol)), else base units.
// Systems whose units have other SI dimensions (Gaussian charge, GeV for a
// length) name the context that gets there; choosing the system chooses it.

import { Dimension } from "./dimension.js";
import { type UnitsError, unknownSystem } from "./errors.js";
import { type Either, left, right } from "./internal/either.js";
import { ONE, type Rational, addR, isZeroR, negR, rational, subR } from "./internal/rational.js";
import { parseUnit } from "./parse.js";
import { Unit, type UnitTerm } from "./unit.js";

export interface UnitSystem {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** the context used to reach this system's dimensions, if they differ from SI */
  readonly context: string | undefined;
  /** Canonical unit for an SI dimension (after the system's context, if any). */
  canonicalUnit(dimension: Dimension): Either<UnitsError, Unit>;
  /** Registry groups listed by `dimexp units list --system` */
  readonly groups: readonly string[];
}

const must = (text: string): Unit => {
  const parsed = parseUnit(text);
  if (parsed._tag === "Left") throw new Error(`system unit ${text}: ${parsed.left.message}`);
  return parsed.right;
};

const countTerms = (d: Dimension): number => d.exponents.filter((e) => !isZeroR(e)).length;

/** Base units raised to the dimension's exponents: kg·m²·s⁻². */
const fromBase = (bases: readonly Unit[], dimension: Dimension): Either<UnitsError, Unit> => {
  const terms: UnitTerm[] = [];
  let multiplier = Unit.dimensionless.multiplier;
  dimension.exponents.forEach((e, i) => {
    if (isZeroR(e)) return;
    const base = bases[i] as Unit;
    for (const t of base.terms) terms.push({ ...t, exponent: { n: t.exponent.n * e.n, d: t.exponent.d * e.d } });
    if (base.multiplier.value !== 1) multiplier = base.multiplier;
  });
  return Unit.compose(
    terms.map((t) => ({ ...t, exponent: rational(t.exponent.n, t.exponent.d) })),
    multiplier,
  );
};

interface SystemSpec {
  name: string;
  aliases: string[];
  description: string;
  context?: string;
  groups: string[];
  /** units for L, M, T, I, Θ, N, J */
  bases: string[];
  /** named units tried for an exact or shorter match, in preference order */
  named: string[];
  /** maps an SI dimension into this system's dimension (via the context) */
  mapDimension?: (d: Dimension) => Dimension;
}

const makeSystem = (spec: SystemSpec): UnitSystem => {
  let bases: Unit[] | undefined;
  let named: Unit[] | undefined;
  return {
    name: spec.name,
    aliases: spec.aliases,
    description: spec.description,
    context: spec.context,
    groups: spec.groups,
    canonicalUnit(siDimension) {
      bases ??= spec.bases.map(must);
      named ??= spec.named.map(must);
      const dimension = spec.mapDimension ? spec.mapDimension(siDimension) : siDimension;
      if (dimension.isDimensionless) return right(Unit.dimensionless);
      // A base unit first: in CGS-Gaussian a length is cm, not statF (whose dimension is also L).
      const exact = bases.find((u) => u.dimension.equals(dimension)) ?? named.find((u) => u.dimension.equals(dimension));
      if (exact) return right(exact);
      // A named unit times a few base units, if that reads shorter than base units alone.
      let best: { unit: Unit; rest: Dimension; score: number } | undefined;
      for (const u of named) {
        for (const p of [ONE, negR(ONE)]) {
          const rest = dimension.div(u.dimension.pow(p));
          const score = countTerms(rest) + 1;
          if (score < countTerms(dimension) && (!best || score < best.score)) {
            const powered = u.pow(p);
            if (powered._tag === "Right") best = { unit: powered.right, rest, score };
          }
        }
      }
      if (best) {
        const { unit: head, rest } = best;
        const tail = fromBase(bases, rest);
        return tail._tag === "Left" ? tail : head.mul(tail.right);
      }
      return fromBase(bases, dimension);
    },
  };
};

/** Gaussian dimension of an SI dimension: replace current by the Gaussian charge relation. */
const gaussianDimension = (d: Dimension): Dimension => {
  const a = d.exponent("current");
  if (isZeroR(a)) return d;
  // (4πε₀)^(-a/2): ε₀ ~ I² T⁴ M⁻¹ L⁻³
  const eps0 = Dimension.of({ current: 2, time: 4, mass: -1, length: -3 });
  const mu0 = Dimension.of({ mass: 1, length: 1, time: -2, current: -2 });
  const tesla = Dimension.of({ mass: 1, time: -2, current: -1 });
  const L = Dimension.base("length");
  const A = Dimension.base("current");
  const half: Rational = rational(a.n, a.d * 2);
  if (d.equals(A.div(L)) || [tesla, tesla.mul(L.pow(2)), tesla.mul(L), A.mul(L.pow(2))].some((x) => x.equals(d))) {
    return d.mul(mu0.pow(half));
  }
  return d.mul(eps0.pow(negR(half)));
};

/** Natural-units dimension: energy to the power m − l − t + θ (ħ = c = k_B = 1). */
const naturalDimension = (d: Dimension): Dimension => {
  const [l, m, t, , th] = d.exponents as Rational[];
  const n = addR(subR(subR(m as Rational, l as Rational), t as Rational), th as Rational);
  const energy = Dimension.of({ mass: 1, length: 2, time: -2 });
  const rest = Dimension.fromRationals(d.exponents.map((e, i) => (i < 3 || i === 4 ? rational(0) : e)));
  return energy.pow(n).mul(rest);
};

const SYSTEMS: UnitSystem[] = [
  makeSystem({
    name: "si",
    aliases: ["SI", "mks", "international"],
    description: "International System of Units (kg, m, s, A, K, mol, cd)",
    groups: ["SI base", "SI derived", "SI accepted"],
    bases: ["m", "kg", "s", "A", "K", "mol", "cd"],
    named: ["N", "J", "W", "Pa", "C", "V", "Ω", "F", "S", "Wb", "T", "H"],
  }),
  makeSystem({
    name: "cgs",
    aliases: ["CGS", "gaussian", "cgs-gaussian", "CGS-Gaussian"],
    description: "CGS-Gaussian (g, cm, s; erg, dyn, statC, G); electromagnetic quantities via the gaussian context",
    context: "gaussian",
    groups: ["CGS", "Gaussian electromagnetic"],
    bases: ["cm", "g", "s", "A", "K", "mol", "cd"],
    named: ["dyn", "erg", "Ba", "P", "St", "statC", "statA", "statV", "statΩ", "statF", "statH", "G", "Mx", "erg/s"],
    mapDimension: gaussianDimension,
  }),
  makeSystem({
    name: "natural",
    aliases: ["natural", "particle", "hep"],
    description: "natural units, ħ = c = k_B = 1: every quantity as a power of GeV",
    context: "natural",
    groups: ["particle physics"],
    bases: ["GeV^-1", "GeV", "GeV^-1", "A", "GeV", "mol", "cd"],
    named: ["GeV", "GeV^2", "GeV^3", "GeV^4", "GeV^-1", "GeV^-2", "GeV^-3", "GeV^-4"],
    mapDimension: naturalDimension,
  }),
  makeSystem({
    name: "atomic",
    aliases: ["atomic", "hartree", "au"],
    description: "Hartree atomic units (ħ = m_e = e = 4πε₀ = 1): bohr, m_e, E_h",
    groups: ["atomic"],
    bases: ["a_0", "m_e", "t_au", "a_u_current", "a_u_temp", "mol", "cd"],
    named: ["E_h", "e", "a_u_force", "a_u_efield", "a_u_velocity"],
  }),
  makeSystem({
    name: "planck",
    aliases: ["planck", "Planck"],
    description: "Planck units (G = ħ = c = k_B = 1 as scales): l_P, m_P, t_P, T_P",
    groups: ["Planck"],
    bases: ["l_P", "m_P", "t_P", "I_P", "T_P", "mol", "cd"],
    named: ["E_P", "q_P"],
  }),
];

/** Names of the built-in systems. */
export const systemNames = (): string[] => SYSTEMS.map((s) => s.name);

/** Looks a system up by name or alias (`SI`, `cgs`, `natural`, `atomic`, `planck`). */
export const getSystem = (name: string | UnitSystem): Either<UnitsError, UnitSystem> => {
  if (typeof name !== "string") return right(name);
  const key = name.trim().toLowerCase();
  const found = SYSTEMS.find((s) => s.name === key || s.aliases.some((a) => a.toLowerCase() === key));
  return found ? right(found) : left(unknownSystem(name, systemNames()));
};

