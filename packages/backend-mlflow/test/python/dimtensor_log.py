"""Logs two runs with units through Python dimtensor's DimExperiment (MLflow backend).

usage: dimtensor_log.py <tracking_uri> <experiment_name>
prints (last line) JSON: {"experiment": name, "runs": {run_name: {"run_id", "params", "metrics", "arrays"}}}
with the exact values logged, for the TypeScript side to compare.
"""

import json
import sys

import numpy as np
from dimtensor import DimArray, units
from dimtensor.experiments import DimExperiment

uri, name = sys.argv[1], sys.argv[2]
exp = DimExperiment(name, backend="mlflow", tracking_uri=uri)
out = {"experiment": name, "runs": {}}

# SI: metres, joules, kelvin; CGS-flavoured: centimetres, grams, electronvolts
plans = {
    "dt-si": {"length": (1.0, units.m), "mass": (2.0, units.kg), "energy_unit": units.J, "scale": 1.0, "speed_unit": units.m / units.s},
    "dt-cgs": {"length": (100.0, units.cm), "mass": (2000.0, units.g), "energy_unit": units.eV, "scale": 1 / 1.602176634e-19, "speed_unit": units.m / units.s},
}
for run_name, plan in plans.items():
    record = {"params": {}, "metrics": {}, "arrays": {}}
    with exp.start_run(run_name, tags={"solver": "fd", "origin": "python-dimtensor"}) as run_id:
        record["run_id"] = run_id
        value, unit = plan["length"]
        exp.log_param("domain_length", DimArray(value, unit))
        record["params"]["domain_length"] = [value, unit.symbol]
        value, unit = plan["mass"]
        exp.log_param("mass", DimArray(value, unit))
        record["params"]["mass"] = [value, unit.symbol]
        exp.log_param("epochs", 100)
        exp.log_param("solver_name", "crank-nicolson")
        losses = []
        for step in range(5):
            v = (1.0 / (step + 1)) * plan["scale"]
            exp.log_metric("loss", DimArray(v, plan["energy_unit"]), step=step)
            losses.append(v)
        record["metrics"]["loss"] = [losses, plan["energy_unit"].symbol]
        exp.log_metric("speed", DimArray(3.0, plan["speed_unit"]), step=0)
        record["metrics"]["speed"] = [[3.0], plan["speed_unit"].symbol]
        exp.log_metric("residual", 0.25, step=0)
        record["metrics"]["residual"] = [[0.25], "dimensionless"]
        field = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]])
        exp.log_array("temperature", DimArray(field, units.K), step=0)
        record["arrays"]["temperature"] = {
            "shape": list(field.shape),
            "mean": float(np.mean(field)),
            "std": float(np.std(field)),
            "min": float(np.min(field)),
            "max": float(np.max(field)),
            "unit": "K",
        }
    out["runs"][run_name] = record

print(json.dumps(out))
