"""Writes files with Python dimtensor's own writers, for @dimexp/io to read.

Usage: dimtensor_write.py <dir>. Prints (last line) a JSON manifest of what each
file holds; NaN and infinities as the strings "NaN", "Infinity", "-Infinity",
-0.0 as "-0".
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
from dimtensor import DimArray, units
from dimtensor.experiments.experiment import DimExperiment
from dimtensor.io.hdf5 import save_hdf5
from dimtensor.io.json import save_json


def exact(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0"
    return x


def describe(arr):
    return {
        "shape": list(arr.shape),
        "data": [exact(v) for v in np.asarray(arr._data, dtype=float).ravel()],
        "symbol": arr.unit.symbol,
        "scale": arr.unit.scale,
    }


class RecordedBackend:
    """Stands in for MLflow: returns runs shaped as MLflowBackend.get_run_data returns them."""

    def __init__(self, runs):
        self.runs = runs

    def list_runs(self, filter_string=None):
        return self.runs

    def get_run_data(self, run_id):
        return next(r for r in self.runs if r["run_id"] == run_id)


def main(out: Path) -> None:
    manifest = {}
    velocity = DimArray(np.array([[1.0, float("nan"), -0.0], [float("inf"), -float("inf"), 1e-5]]), units.km / units.s, uncertainty=np.full((2, 3), 0.25))
    save_json(velocity, out / "velocity.json")
    manifest["velocity.json"] = {**describe(velocity), "uncertainty": [0.25] * 6}
    save_hdf5(velocity, out / "velocity.h5")
    manifest["velocity.h5"] = {**describe(velocity), "uncertainty": [0.25] * 6}

    force = DimArray(np.arange(6.0).reshape(3, 2) * 1.5, units.kg * units.m / units.s**2)
    save_json(force, out / "force.json", indent=None)
    manifest["force.json"] = describe(force)

    energy = DimArray(2.5e-19, units.J)
    save_json(energy, out / "energy.json")
    manifest["energy.json"] = describe(energy)

    electron = DimArray(np.array([13.6, 0.0]), units.eV)
    save_hdf5(electron, out / "electron.h5", compression=None)
    manifest["electron.h5"] = describe(electron)

    # dimtensor's experiment export, through its own export() and json.dump
    exp = DimExperiment.__new__(DimExperiment)
    exp.name = "heat-equation-py"
    exp._backend_type = "mlflow"
    exp._current_run_id = None
    exp._backend = RecordedBackend(
        [
            {
                "run_id": "a1b2c3",
                "run_name": "py-si",
                "status": "FINISHED",
                "start_time": 1700000000000,
                "end_time": 1700000009000,
                "params": {"learning_rate": "0.001", "domain_length": "1.0", "optimizer": "adam"},
                "metrics": {"loss": 0.125, "residual": float("nan"), "field_mean": 300.0},
                "tags": {
                    "unit.learning_rate": "1/s",
                    "unit.domain_length": "m",
                    "unit.loss": "J",
                    "unit.residual": "dimensionless",
                    "unit.field": "K",
                    "shape.field": "(3,)",
                    "mlflow.runName": "py-si",
                },
            },
            {
                "run_id": "d4e5f6",
                "run_name": "py-cgs",
                "status": "RUNNING",
                "start_time": 1700000010000,
                "end_time": None,
                "params": {"domain_length": "100.0"},
                "metrics": {"loss": 1250000.0},
                "tags": {"unit.domain_length": "cm", "unit.loss": "g·cm²/s²"},
            },
        ]
    )
    exp.export(out / "experiment.json")
    manifest["experiment.json"] = {"runs": 2}
    print(json.dumps(manifest))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
