# The Python client's side of `pnpm bench:scale:read`: what the same reads
# cost through MLflow's own MlflowClient, timed inside Python (the import of
# mlflow, seconds on a loaded machine, is left out). It knows nothing of units,
# so the unit-aware filter is written out by hand, one search per unit, as a
# Python user would have to. Prints one JSON line: seconds, runs, points.
# usage: python read-python.py <url> <experiment> filter   (the runs-ls filter)
#        python read-python.py <url> <experiment> history  (the loss histories of the sweep)
import json
import sys
import time

from mlflow.tracking import MlflowClient

url, experiment, mode = sys.argv[1], sys.argv[2], sys.argv[3]
client = MlflowClient(tracking_uri=url)
started = time.perf_counter()
experiment_id = client.get_experiment_by_name(experiment).experiment_id


def search_all(filter_string):
    runs, token = [], None
    while True:
        page = client.search_runs([experiment_id], filter_string=filter_string, max_results=1000, page_token=token)
        runs.extend(page)
        token = page.token
        if not token:
            return runs


points = 0
if mode == "filter":
    # loss < 1 J in each unit the experiment uses; domain_length >= 50 cm checked here (params are strings on MLflow)
    per_unit = {"J": 1.0, "erg": 1e7, "eV": 1 / 1.602176634e-19}
    per_metre = {"m": 1.0, "cm": 100.0}
    matched = 0
    runs = []
    for unit, scale in per_unit.items():
        bound = repr(scale).replace("e+", "e")  # MLflow's filter parser refuses "e+"
        runs.extend(search_all(f"tags.`unit.loss` = '{unit}' AND metrics.loss < {bound}"))
    for run in runs:
        length_unit = run.data.tags.get("unit.domain_length")
        if length_unit in per_metre and float(run.data.params["domain_length"]) / per_metre[length_unit] >= 0.5:
            matched += 1
    result = {"runs": len(runs), "matched": matched}
else:
    runs = search_all("tags.sweep = 'history'")
    for run in runs:
        points += len(client.get_metric_history(run.info.run_id, "loss"))
    result = {"runs": len(runs), "points": points}
print(json.dumps({"seconds": time.perf_counter() - started, **result}))
