"""The official client's fastest path: MlflowClient.log_batch in batches of 1000.

usage: python_log_batch.py <tracking_uri> <experiment> <keys> <steps>
prints JSON {"points", "seconds", "run_id"}: seconds from the first log_batch call
until the last one returned (run creation excluded, as for dimexp).
"""

import json
import sys
import time

from mlflow import MlflowClient
from mlflow.entities import Metric

uri, experiment, keys, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
client = MlflowClient(tracking_uri=uri)
found = client.get_experiment_by_name(experiment)
experiment_id = found.experiment_id if found else client.create_experiment(experiment)
run = client.create_run(experiment_id, run_name="python-log-batch")
run_id = run.info.run_id

started = time.perf_counter()
t0 = int(time.time() * 1000)
pending = []
for step in range(steps):
    timestamp = t0 + step
    for k in range(keys):
        pending.append(Metric(f"metric_{k}", 1.0 / (step + 1) + k, timestamp, step))
        if len(pending) == 1000:
            client.log_batch(run_id, metrics=pending)
            pending = []
if pending:
    client.log_batch(run_id, metrics=pending)
seconds = time.perf_counter() - started
client.set_terminated(run_id)
print(json.dumps({"points": keys * steps, "seconds": seconds, "run_id": run_id}))
