// The solver on its own: it converges to the exact solution at second order,
// and the same rod solved in SI and in CGS gives the same energies × 10⁷.

import { q } from "@dimexp/units";
import { describe, expect, test } from "vitest";
import { CGS, HeatRod, type RodProblem, SI, diffusionRate, exactThermalEnergy, inSystem } from "../src/heat-equation.js";

const rod = (length = q(1, "m")): RodProblem => ({
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

const finalStep = (cells: number, substeps = 20) => [...new HeatRod(inSystem(rod(), SI), { cells, outputSteps: 10, substeps }).run()].at(-1);

describe("Crank–Nicolson heat rod", () => {
  test("the exact energy at t = 0 is ρ·c·A·(80 K·2L/π + 20 K·2L/3π)", () => {
    const expected = 8960 * 385 * 1e-4 * ((80 * 2) / Math.PI + (20 * 2) / (3 * Math.PI));
    expect(exactThermalEnergy(inSystem(rod(), SI), 0)).toBeCloseTo(expected, 9);
  });

  test("the scheme's energy converges to the exact one at second order in Δx", () => {
    const coarse = finalStep(20);
    const fine = finalStep(40);
    const finer = finalStep(80);
    if (!coarse || !fine || !finer) throw new Error("no steps");
    expect(coarse.loss / coarse.exactEnergy).toBeLessThan(1e-3);
    expect(coarse.loss / fine.loss).toBeGreaterThan(3.6);
    expect(coarse.loss / fine.loss).toBeLessThan(4.4);
    expect(fine.loss / finer.loss).toBeGreaterThan(3.6);
    expect(fine.loss / finer.loss).toBeLessThan(4.4);
  });

  test("heat leaves through the ends: the energy decays like the slowest mode, e^(−π²κt/L²)", () => {
    const numbers = inSystem(rod(), SI);
    const steps = [...new HeatRod(numbers, { cells: 40, outputSteps: 10, substeps: 20 }).run()];
    const last = steps.at(-1);
    if (!last) throw new Error("no steps");
    const slowest = Math.exp(-Math.PI * Math.PI * diffusionRate(numbers) * last.time);
    // the k = 3 mode has all but gone: the energy is the k = 1 mode's, decayed
    const modeOne = 8960 * 385 * 1e-4 * ((80 * 2) / Math.PI) * slowest;
    expect(last.thermalEnergy / modeOne).toBeCloseTo(1, 3);
    for (let i = 1; i < steps.length; i++) expect((steps[i]?.thermalEnergy as number) < (steps[i - 1]?.thermalEnergy as number)).toBe(true);
  });

  test("the same rod in SI (1 m) and CGS (100 cm): energies in erg are 10⁷ × those in J at every step", () => {
    const grid = { cells: 20, outputSteps: 100, substeps: 10 };
    const si = inSystem(rod(q(1, "m")), SI);
    const cgs = inSystem(rod(q(100, "cm")), CGS);
    expect(cgs.length).toBe(100);
    expect(cgs.conductivity).toBeCloseTo(4.01e7, 6);
    expect(diffusionRate(cgs) / diffusionRate(si)).toBeCloseTo(1, 14);
    const a = [...new HeatRod(si, grid).run()];
    const b = [...new HeatRod(cgs, grid).run()];
    expect(b).toHaveLength(100);
    a.forEach((s, i) => {
      const c = b[i];
      if (!c) throw new Error(`step ${i} missing`);
      expect(Math.abs(c.thermalEnergy * 1e-7 - s.thermalEnergy) / s.thermalEnergy).toBeLessThan(1e-12);
      expect(Math.abs(c.loss * 1e-7 - s.loss) / s.loss).toBeLessThan(1e-9);
      expect(c.time).toBe(s.time);
    });
  });
});
