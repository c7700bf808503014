// The canonical dimexp scenario: one physical problem (a copper rod cooling)
// solved and logged in SI and in CGS, plus a small sweep over the rod's length
// in mixed units; then a unit-aware query over the runs and a cross-unit
// comparison of the SI and CGS losses, read back from the store.

import type { DimExperiment } from "@dimexp/core";
import { DimArray, Quantity, type Unit, formatUnit, q } from "@dimexp/units";
import { CGS, type Discretization, HeatRod, type RodProblem, SI, type UnitSystem, diffusionRate, inSystem } from "./heat-equation.js";
import { num } from "./number-format.js";
import type { Store } from "./store.js";

export const EXPERIMENT = "heat-equation-pinn";
export const FILTER = "params.domain_length >= 50 cm";

/** Copper (data-book values, SI), a 1 cm² rod, ends at 20 °C, a hot hump in the middle. */
const copperRod = (length: Quantity): RodProblem => ({
  length,
  conductivity: q(401, "W/(m*K)"),
  density: q(8960, "kg/m^3"),
  heatCapacity: q(385, "J/(kg*K)"),
  crossSection: q(1, "cm^2"),
  boundaryTemperature: q(293.15, "K"),
  modes: [
    { k: 1, amplitude: q(80, "K") },
    { k: 3, amplitude: q(20, "K") },
  ],
  duration: q(600, "s"),
});

/**
 * 20 cells on purpose: the loss is the scheme's O(Δx²) energy error, about 6e-4 of
 * the rod's energy here. On a much finer grid it would approach the float
 * rounding of a thousand time steps (~1e-13 of the energy), and comparing the
 * SI and CGS losses would compare rounding noise rather than physics.
 */
export const GRID: Discretization = { cells: 20, outputSteps: 100, substeps: 10 };

interface RunPlan {
  readonly name: string;
  readonly length: Quantity;
  readonly system: UnitSystem;
}

export const PLANS: readonly RunPlan[] = [
  { name: "run-si", length: q(1, "m"), system: SI },
  { name: "run-cgs", length: q(100, "cm"), system: CGS },
  { name: "sweep-L40cm", length: q(40, "cm"), system: CGS },
  { name: "sweep-L80cm", length: q(80, "cm"), system: CGS },
  { name: "sweep-L1.5m", length: q(1.5, "m"), system: SI },
];

export interface Logged {
  readonly plan: RunPlan;
  readonly id: string;
  readonly firstLoss: number;
  readonly finalLoss: number;
  readonly finalEnergy: number;
  readonly maxTemperature: number;
  readonly learningRate: number;
}

const u = (unit: string | Unit): string => formatUnit(typeof unit === "string" ? q(1, unit).unit : unit, "unicode");

/** Solves one run's rod in its unit system and logs params, 100 steps of metrics and the final temperature field. */
const logRun = async (exp: DimExperiment, plan: RunPlan, invocation: string): Promise<Logged> => {
  const problem = copperRod(plan.length);
  const rod = inSystem(problem, plan.system);
  const { system } = rod;
  const solver = new HeatRod(rod, GRID);
  return exp.withRun(plan.name, { tags: { invocation } }, (run) => {
    run.logParams({
      // κ/L², the rod's diffusion rate: the "learning rate" of this stand-in for a PINN
      learning_rate: q(diffusionRate(rod), system.rate),
      domain_length: plan.length,
      unit_system: system.name,
      conductivity: q(rod.conductivity, system.conductivity),
      density: q(rod.density, system.density),
      heat_capacity: q(rod.heatCapacity, system.heatCapacity),
      cross_section: q(rod.crossSection, system.area),
      boundary_temperature: q(rod.boundaryTemperature, system.temperature),
      duration: q(rod.duration, system.time),
      scheme: "crank-nicolson",
      grid_cells: GRID.cells,
      time_steps: GRID.outputSteps * GRID.substeps,
    });
    let firstLoss = Number.NaN;
    let finalLoss = Number.NaN;
    let finalEnergy = Number.NaN;
    for (const s of solver.run()) {
      run.logMetric("loss", q(s.loss, system.energy), { step: s.step });
      run.logMetric("thermal_energy", q(s.thermalEnergy, system.energy), { step: s.step });
      run.logMetric("time", q(s.time, system.time), { step: s.step });
      if (s.step === 0) firstLoss = s.loss;
      finalLoss = s.loss;
      finalEnergy = s.thermalEnergy;
    }
    const temperatures = solver.temperatures();
    const field = DimArray.of(temperatures, system.temperature);
    if (field._tag === "Left") throw new Error(field.left.message);
    run.logArray("temperature", field.right, { step: GRID.outputSteps - 1 });
    return {
      plan,
      id: run.id,
      firstLoss,
      finalLoss,
      finalEnergy,
      maxTemperature: Math.max(...temperatures),
      learningRate: diffusionRate(rod),
    };
  });
};

const table = (rows: readonly (readonly string[])[], indent = "  "): string[] => {
  const widths: number[] = [];
  const width = (cell: string): number => [...cell].length;
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  const pad = (cell: string, i: number): string => cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
  return rows.map((row) => (indent + row.map(pad).join("  ")).trimEnd());
};

const uriOrigin = (store: Store): string =>
  store.variable ? `from ${store.variable}` : `the default, relative to ${process.cwd()}; set DIMEXP_TRACKING_URI to log elsewhere`;

/** What one invocation logged: its tag and its five runs, in PLANS order. */
export interface Invocation {
  readonly tag: string;
  readonly runs: readonly Logged[];
}

/** The run of this invocation with that name. */
export const loggedRun = (invocation: Invocation, name: string): Logged => {
  const found = invocation.runs.find((l) => l.plan.name === name);
  if (!found) throw new Error(`this invocation logged no run "${name}"`);
  return found;
};

/**
 * Logs the experiment into `exp` and reports as it goes through `print`: the
 * runs, a unit-aware query over them and the SI/CGS losses read back.
 */
export async function experimentDemo(exp: DimExperiment, store: Store, print: (line: string) => void): Promise<Invocation> {
  const invocation = `${new Date().toISOString()}-${process.pid}`;
  print(`dimexp demo: the heat equation, logged in SI and CGS, compared unit-aware`);
  print("");
  print(`Store: ${exp.backend.location} (tracking URI ${store.shownUri}: ${uriOrigin(store)})`);
  print(`Experiment: ${EXPERIMENT} (id ${exp.id}); this invocation's runs are tagged invocation=${invocation}`);
  print("");
  const rod = copperRod(q(1, "m"));
  print("The problem: a copper rod cooling, ∂T/∂t = κ·∂²T/∂x² with κ = k/(ρ·c)");
  print(
    `  k = ${num(rod.conductivity.value)} ${u(rod.conductivity.unit)}, ρ = ${rod.density.value} ${u(rod.density.unit)}, c = ${rod.heatCapacity.value} ${u(rod.heatCapacity.unit)}, A = 1 cm²; both ends held at T0 = 293.15 K`,
  );
  print(
    `  T(x, 0) = T0 + 80 K·sin(πx/L) + 20 K·sin(3πx/L); 600 s of cooling by Crank–Nicolson, ${GRID.cells} cells, ${GRID.outputSteps * GRID.substeps} time steps`,
  );
  print(`  loss = |E_h(t) − E(t)|, E = ρ·c·A·∫(T − T0) dx: the scheme's thermal energy against the exact solution's, ${GRID.outputSteps} steps`);
  print("  learning_rate = κ/L², the rod's diffusion rate in 1/s (the slowest mode decays at π²·κ/L²)");
  print("  run-si solves it in m, kg, s, J; run-cgs solves the same rod in cm, g, s, erg; the sweep varies L in mixed units");
  print("");

  const logged: Logged[] = [];
  for (const plan of PLANS) logged.push(await logRun(exp, plan, invocation));
  print(
    `Logged ${logged.length} runs (12 params; loss, thermal_energy, time for ${GRID.outputSteps} steps; the temperature field at step ${GRID.outputSteps - 1}, ${GRID.cells + 1} points in K${
      // a store without full arrays keeps the array's mean, std, min and max only
      exp.backend.capabilities.arrays ? "" : `, kept by ${exp.backend.kind} as temperature_mean/_std/_min/_max`
    }):`,
  );
  for (const line of table([
    ["run", "system", "domain_length", "learning_rate", "loss step 0 → 99", "thermal_energy at 99", "T_max at 99"],
    ...logged.map((l) => {
      const energy = l.plan.system.energy;
      return [
        l.plan.name,
        l.plan.system.name,
        `${l.plan.length.value} ${u(l.plan.length.unit)}`,
        `${num(l.learningRate)} 1/s`,
        `${num(l.firstLoss)} → ${num(l.finalLoss)} ${energy}`,
        `${num(l.finalEnergy)} ${energy}`,
        `${num(l.maxTemperature)} K`,
      ];
    }),
  ]))
    print(line);
  print("");

  // The query runs in the store: a length in m and in cm compared as lengths.
  const mine = await exp.listRuns({ filter: `${FILTER} and tags.invocation = "${invocation}"`, orderBy: "params.domain_length" });
  const all = await exp.listRuns({ filter: FILTER });
  print(`Unit-aware query: exp.listRuns({ filter: "${FILTER}" }), this invocation's runs, by domain_length:`);
  const lengthOf = (run: (typeof mine)[number]): string => {
    const length = run.param("domain_length");
    return length instanceof Quantity ? `${length.value} ${u(length.unit)}` : String(length);
  };
  print(`  ${FILTER}: ${mine.map((r) => `${r.name} (${lengthOf(r)})`).join(", ")}`);
  print(`  (sweep-L40cm, 40 cm < 50 cm, is left out; 80 cm < 1 m = 100 cm < 1.5 m; ${all.length} matching runs in the whole store)`);
  print("");

  // Read back from the store, not from memory: the units travel with the values.
  const result: Invocation = { tag: invocation, runs: logged };
  const si = loggedRun(result, "run-si");
  const cgs = loggedRun(result, "run-cgs");
  const siLoss = (await exp.getRun(si.id)).metric("loss");
  const cgsLoss = (await exp.getRun(cgs.id)).metric("loss");
  if (!(siLoss instanceof Quantity && cgsLoss instanceof Quantity)) throw new Error("the loss was stored without its unit");
  const cgsInJ = cgsLoss.valueIn("J");
  if (cgsInJ._tag === "Left") throw new Error(cgsInJ.left.message);
  const siInJ = siLoss.valueIn("J");
  if (siInJ._tag === "Left") throw new Error(siInJ.left.message);
  const relative = Math.abs(cgsInJ.right - siInJ.right) / Math.abs(siInJ.right);
  print("Same rod, two unit systems: the final loss (step 99), read back from the store");
  print(`  run-si final loss: ${siLoss.value} ${formatUnit(siLoss.unit)}`);
  print(`  run-cgs final loss: ${cgsLoss.value} ${formatUnit(cgsLoss.unit)} = ${cgsInJ.right} J`);
  print(`  relative difference: ${relative.toExponential(2)} (float rounding only: the physics is the same)`);
  return result;
}

/** How to look at the runs afterwards. */
export const cliHints = (store: Store, invocation: Invocation): string[] => [
  `Look at the runs with the CLI (from the repository root, after pnpm build${store.variable ? `, with the same ${store.variable}${store.kind === "wandb" ? " and WANDB_ variables" : ""}` : ""}):`,
  `  pnpm --silent dimexp runs ls --experiment ${EXPERIMENT} --filter '${FILTER}'`,
  `  pnpm --silent dimexp runs show ${loggedRun(invocation, "run-cgs").id} --experiment ${EXPERIMENT}`,
];
