"""Reads runs with the official MLflow client and compares them with dimtensor's RunComparison.

usage: mlflow_read.py <tracking_uri> <experiment_name> <metric>[,<metric>...] [<array dir> ...]
prints (last line) JSON: {"runs": {run_name: {"run_id", "status", "params", "tags", "metrics",
"history": {key: [[step, timestamp, value], ...]}}}, "comparison": {metric: RunComparison result},
"arrays": {path: {"shape", "unit", "scale", "data"}}}.
Non-finite floats are written as the strings "NaN", "Infinity", "-Infinity".
"""

import json
import math
import sys

from mlflow import MlflowClient
from dimtensor.experiments.comparison import RunComparison


def num(x):
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


def clean(value):
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return num(value)


uri, name, metrics = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
client = MlflowClient(tracking_uri=uri)
experiment = client.get_experiment_by_name(name)
runs = client.search_runs([experiment.experiment_id], max_results=1000)
out = {"runs": {}, "comparison": {}, "arrays": {}}
runs_data = []
for run in runs:
    history = {}
    for key in run.data.metrics:
        points = client.get_metric_history(run.info.run_id, key)
        history[key] = [[m.step, m.timestamp, m.value] for m in points]
    data = {
        "run_id": run.info.run_id,
        "run_name": run.info.run_name,
        "status": run.info.status,
        "params": dict(run.data.params),
        "metrics": dict(run.data.metrics),
        "tags": dict(run.data.tags),
    }
    runs_data.append(data)
    out["runs"][run.info.run_name] = {**data, "history": history}

# oldest first, so RunComparison converts into the first run's unit
runs_data.sort(key=lambda r: r["run_name"])
comparison = RunComparison(runs_data, metrics)
for metric in metrics:
    result = comparison._comparisons[metric]
    out["comparison"][metric] = {k: result.get(k) for k in ["compatible", "units", "common_unit", "run_names", "values", "converted_values", "warning"]}

# full arrays dimexp stored as artifacts: open them with dimtensor's own JSON reader
if len(sys.argv) > 4:
    import tempfile
    from dimtensor.io.json import load_json

    for run in runs:
        for directory in sys.argv[4:]:
            for info in client.list_artifacts(run.info.run_id, directory):
                local = client.download_artifacts(run.info.run_id, info.path, tempfile.mkdtemp())
                array = load_json(local)
                out["arrays"][f"{run.info.run_name}/{info.path}"] = {
                    "shape": list(array.shape),
                    "unit": array.unit.symbol,
                    "scale": array.unit.scale,
                    "data": array._data.ravel().tolist(),
                }

print(json.dumps(clean(out)))
