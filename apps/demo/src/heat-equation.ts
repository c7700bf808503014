// The 1-D heat equation ∂T/∂t = κ ∂²T/∂x² on a rod of length L whose ends are
// held at T0, solved by Crank–Nicolson finite differences. The initial profile
// T0 + Σ a_k·sin(kπx/L) has an exact solution, T0 + Σ a_k·sin(kπx/L)·e^(−k²π²κt/L²),
// so the scheme's error can be measured as an energy:
//
//   E(t)   = ρ·c·A·∫₀ᴸ (T − T0) dx              thermal energy above the ends' temperature
//   loss   = |E_h(t) − E(t)|                   the scheme's energy (trapezoid rule over
//                                              the grid) against the exact solution's
//
// The solver works on plain numbers in ONE coherent unit system (SI: m, kg, s,
// K, J; CGS: cm, g, s, K, erg). The same rod solved in SI and in CGS must give
// the same physics: every energy in erg is 10⁷ × the energy in J, up to float
// rounding. Nothing here is random.

import { type Quantity, formatUnit } from "@dimexp/units";

/** The units a run computes in: every number the solver sees is in these. */
export interface UnitSystem {
  readonly name: "SI" | "CGS";
  readonly length: string;
  readonly area: string;
  readonly time: string;
  readonly temperature: string;
  readonly energy: string;
  readonly conductivity: string;
  readonly density: string;
  readonly heatCapacity: string;
  readonly diffusivity: string;
  readonly rate: string;
}

export const SI: UnitSystem = {
  name: "SI",
  length: "m",
  area: "m^2",
  time: "s",
  temperature: "K",
  energy: "J",
  conductivity: "W/(m*K)",
  density: "kg/m^3",
  heatCapacity: "J/(kg*K)",
  diffusivity: "m^2/s",
  rate: "1/s",
};

export const CGS: UnitSystem = {
  name: "CGS",
  length: "cm",
  area: "cm^2",
  time: "s",
  temperature: "K",
  energy: "erg",
  conductivity: "erg/(s*cm*K)",
  density: "g/cm^3",
  heatCapacity: "erg/(g*K)",
  diffusivity: "cm^2/s",
  rate: "1/s",
};

/** One sine mode of the initial temperature excess: amplitude·sin(k·π·x/L). */
export interface Mode {
  readonly k: number;
  readonly amplitude: Quantity;
}

/** The physical problem, in whatever units it was stated in. */
export interface RodProblem {
  readonly length: Quantity;
  readonly conductivity: Quantity;
  readonly density: Quantity;
  readonly heatCapacity: Quantity;
  readonly crossSection: Quantity;
  /** both ends are held at this temperature */
  readonly boundaryTemperature: Quantity;
  readonly modes: readonly Mode[];
  readonly duration: Quantity;
}

export interface Discretization {
  /** grid cells along the rod (cells + 1 nodes) */
  readonly cells: number;
  /** points logged per metric */
  readonly outputSteps: number;
  /** Crank–Nicolson steps between two logged points */
  readonly substeps: number;
}

/** A problem's numbers in one unit system. */
export interface RodNumbers {
  readonly system: UnitSystem;
  readonly length: number;
  readonly conductivity: number;
  readonly density: number;
  readonly heatCapacity: number;
  readonly crossSection: number;
  readonly boundaryTemperature: number;
  readonly modes: ReadonlyArray<{ readonly k: number; readonly amplitude: number }>;
  readonly duration: number;
}

const valueIn = (quantity: Quantity, unit: string, what: string): number => {
  const v = quantity.valueIn(unit);
  if (v._tag === "Left") throw new Error(`${what}: ${v.left.message}`);
  return v.right;
};

/** Expresses the problem in `system` (a dimension mismatch in the problem's statement throws). */
export const inSystem = (problem: RodProblem, system: UnitSystem): RodNumbers => ({
  system,
  length: valueIn(problem.length, system.length, "length"),
  conductivity: valueIn(problem.conductivity, system.conductivity, "conductivity"),
  density: valueIn(problem.density, system.density, "density"),
  heatCapacity: valueIn(problem.heatCapacity, system.heatCapacity, "heat capacity"),
  crossSection: valueIn(problem.crossSection, system.area, "cross-section"),
  boundaryTemperature: valueIn(problem.boundaryTemperature, system.temperature, "boundary temperature"),
  modes: problem.modes.map((m) => ({ k: m.k, amplitude: valueIn(m.amplitude, system.temperature, `mode ${m.k} amplitude`) })),
  duration: valueIn(problem.duration, system.time, "duration"),
});

/** κ = k/(ρ·c), in the system's length²/time. */
export const diffusivity = (rod: RodNumbers): number => rod.conductivity / (rod.density * rod.heatCapacity);

/** κ/L²: how fast heat spreads over the rod, in 1/time (the fundamental mode decays at π²·κ/L²). */
export const diffusionRate = (rod: RodNumbers): number => diffusivity(rod) / (rod.length * rod.length);

/** The exact solution's thermal energy above T0 at time t: ρ·c·A·Σ a_k·(L/kπ)(1 − cos kπ)·e^(−k²π²κt/L²). */
export const exactThermalEnergy = (rod: RodNumbers, t: number): number => {
  const { length: L } = rod;
  const kappa = diffusivity(rod);
  let integral = 0;
  for (const { k, amplitude } of rod.modes) {
    const decay = Math.exp((-k * k * Math.PI * Math.PI * kappa * t) / (L * L));
    integral += ((amplitude * L) / (k * Math.PI)) * (1 - Math.cos(k * Math.PI)) * decay;
  }
  return rod.density * rod.heatCapacity * rod.crossSection * integral;
};

export interface HeatStep {
  /** 0 … outputSteps − 1 */
  readonly step: number;
  /** time since the start, in the system's time unit */
  readonly time: number;
  /** E_h: the scheme's thermal energy above T0 (trapezoid rule), in the system's energy unit */
  readonly thermalEnergy: number;
  /** E: the exact solution's */
  readonly exactEnergy: number;
  /** |E_h − E| */
  readonly loss: number;
}

/**
 * Crank–Nicolson on the temperature excess θ = T − T0 (θ = 0 at both ends):
 * (I − r/2·D)·θⁿ⁺¹ = (I + r/2·D)·θⁿ with D = tridiag(1, −2, 1), r = κΔt/Δx²,
 * solved by the Thomas algorithm (the matrix is fixed: factored once).
 */
export class HeatRod {
  readonly dx: number;
  readonly dt: number;
  readonly r: number;
  /** θ at the interior nodes 1 … cells−1 */
  private theta: Float64Array;
  private readonly rhs: Float64Array;
  /** Thomas factors: modified super-diagonal and the pivots' reciprocals */
  private readonly cPrime: Float64Array;
  private readonly pivotInverse: Float64Array;
  private stepsTaken = 0;

  constructor(
    readonly rod: RodNumbers,
    readonly grid: Discretization,
  ) {
    const n = grid.cells - 1;
    if (n < 1) throw new Error("the grid needs at least 2 cells");
    this.dx = rod.length / grid.cells;
    this.dt = rod.duration / (grid.outputSteps * grid.substeps);
    this.r = (diffusivity(rod) * this.dt) / (this.dx * this.dx);
    this.theta = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = (i + 1) * this.dx;
      let value = 0;
      for (const { k, amplitude } of rod.modes) value += amplitude * Math.sin((k * Math.PI * x) / rod.length);
      this.theta[i] = value;
    }
    this.rhs = new Float64Array(n);
    this.cPrime = new Float64Array(n);
    this.pivotInverse = new Float64Array(n);
    const off = -this.r / 2;
    const diag = 1 + this.r;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const pivot = diag - off * previous;
      this.pivotInverse[i] = 1 / pivot;
      previous = off / pivot;
      this.cPrime[i] = previous;
    }
  }

  get time(): number {
    return this.stepsTaken * this.dt;
  }

  /** One Crank–Nicolson step. */
  advance(): void {
    const { theta, rhs, cPrime, pivotInverse } = this;
    const n = theta.length;
    const half = this.r / 2;
    for (let i = 0; i < n; i++) {
      const left = i > 0 ? (theta[i - 1] as number) : 0;
      const right = i < n - 1 ? (theta[i + 1] as number) : 0;
      rhs[i] = (1 - this.r) * (theta[i] as number) + half * (left + right);
    }
    // forward sweep (sub-diagonal −r/2), then back substitution
    const off = -half;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      previous = ((rhs[i] as number) - off * previous) * (pivotInverse[i] as number);
      rhs[i] = previous;
    }
    for (let i = n - 2; i >= 0; i--) rhs[i] = (rhs[i] as number) - (cPrime[i] as number) * (rhs[i + 1] as number);
    this.theta.set(rhs);
    this.stepsTaken += 1;
  }

  /** E_h = ρ·c·A·Σ θ_i·Δx (trapezoid rule; θ = 0 at the ends). */
  thermalEnergy(): number {
    let sum = 0;
    for (const value of this.theta) sum += value;
    return this.rod.density * this.rod.heatCapacity * this.rod.crossSection * sum * this.dx;
  }

  /** Temperatures at every node, ends included, in the system's temperature unit. */
  temperatures(): Float64Array {
    const T0 = this.rod.boundaryTemperature;
    const out = new Float64Array(this.theta.length + 2).fill(T0);
    for (let i = 0; i < this.theta.length; i++) out[i + 1] = T0 + (this.theta[i] as number);
    return out;
  }

  /** Advances to each logged point in turn and reports the energies there. */
  *run(): Generator<HeatStep> {
    for (let step = 0; step < this.grid.outputSteps; step++) {
      for (let s = 0; s < this.grid.substeps; s++) this.advance();
      const thermalEnergy = this.thermalEnergy();
      const exactEnergy = exactThermalEnergy(this.rod, this.time);
      yield { step, time: this.time, thermalEnergy, exactEnergy, loss: Math.abs(thermalEnergy - exactEnergy) };
    }
  }
}

/** "401 W/(m·K)" */
export const describe = (quantity: Quantity): string => `${quantity.value} ${formatUnit(quantity.unit, "unicode")}`;
