// A store with the demo's situation in miniature: the same cooling rod logged
// in SI (m, J) and in CGS (cm, erg), plus a length sweep in mixed units. The
// loss is a closed form of (length, step), so a test knows every value: the
// CGS run's loss in erg is exactly 1e7 times the SI run's in J.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, type ExperimentBackend, q } from "@dimexp/core";

export const EXPERIMENT = "heat-equation-pinn";
export const STEPS = 60;

export interface Plan {
  readonly name: string;
  readonly system: "SI" | "CGS";
  /** metres */
  readonly lengthM: number;
}

export const PLANS: readonly Plan[] = [
  { name: "run-si", system: "SI", lengthM: 1 },
  { name: "run-cgs", system: "CGS", lengthM: 1 },
  { name: "sweep-L40cm", system: "CGS", lengthM: 0.4 },
  { name: "sweep-L1.5m", system: "SI", lengthM: 1.5 },
];

/** The loss in joules: decays with the step, larger for longer rods. */
export const lossJ = (lengthM: number, step: number): number => 20 * lengthM * lengthM * Math.exp(-step / 25) + 0.05 * lengthM;
/** κ/L² in 1/s for copper */
export const rate = (lengthM: number): number => 1.1624536178107607e-4 / (lengthM * lengthM);

export interface Fixture {
  readonly dir: string;
  readonly path: string;
  /** run name → id */
  readonly ids: Readonly<Record<string, string>>;
  cleanup(): void;
}

/** Logs one run per plan (params with units, `loss` and `energy` for STEPS steps). */
export const logPlans = async (backend: ExperimentBackend, plans: readonly Plan[] = PLANS): Promise<Record<string, string>> => {
  const exp = await DimExperiment.open(EXPERIMENT, { backend, onWarning: () => undefined });
  const ids: Record<string, string> = {};
  for (const plan of plans) {
    const si = plan.system === "SI";
    await exp.withRun(plan.name, { tags: { solver: "crank-nicolson" } }, (run) => {
      run.logParams({
        domain_length: si ? q(plan.lengthM, "m") : q(plan.lengthM * 100, "cm"),
        learning_rate: q(rate(plan.lengthM), "1/s"),
        density: si ? q(8960, "kg/m^3") : q(8.96, "g/cm^3"),
        unit_system: plan.system,
        grid_cells: 20,
      });
      for (let step = 0; step < STEPS; step++) {
        const loss = lossJ(plan.lengthM, step);
        run.logMetric("loss", si ? q(loss, "J") : q(loss * 1e7, "erg"), { step });
        run.logMetric("energy", si ? q(100 * plan.lengthM, "J") : q(100 * plan.lengthM * 1e7, "erg"), { step });
      }
      ids[plan.name] = run.id;
    });
  }
  return ids;
};

/** A fresh SQLite store in a temp folder, filled with PLANS. */
export const makeStore = async (): Promise<Fixture> => {
  const dir = mkdtempSync(join(tmpdir(), "dimexp-dashboard-"));
  const path = join(dir, "runs.db");
  const opened = createLocalBackend({ path });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  const ids = await logPlans(opened.right);
  await opened.right.close()();
  return { dir, path, ids, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};
