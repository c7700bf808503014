"""Downloads a run's array files with the official MLflow client, as a Python user would.

usage: mlflow_download_arrays.py <tracking_uri> <run_id> <artifact folder> <destination dir>
prints (last line) JSON: {"artifact_uri", "listed": [paths], "files": {name: {"data", "unit", "dimexp"}}}.
`MlflowClient().download_artifacts` picks the run's artifact repository itself
(the server's proxy, a local folder, ...). Non-finite floats become "NaN", "Infinity", "-Infinity".
"""

import json
import math
import os
import sys

from mlflow import MlflowClient


def clean(value):
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


uri, run_id, folder, destination = sys.argv[1:5]
client = MlflowClient(tracking_uri=uri)
run = client.get_run(run_id)
listed = [f.path for f in client.list_artifacts(run_id, folder)]
local = client.download_artifacts(run_id, folder, destination)
files = {}
for name in sorted(os.listdir(local)):
    with open(os.path.join(local, name)) as f:
        # Python's json reads the bare NaN / Infinity tokens the files carry
        document = json.load(f)
    files[name] = {"data": document["data"], "unit": document["unit"], "dimexp": document.get("dimexp")}
print(json.dumps(clean({"artifact_uri": run.info.artifact_uri, "listed": listed, "files": files})))
