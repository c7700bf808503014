# One writer process of `pnpm bench:scale`, with the official Python client:
# the same runs as writer-dimexp.mjs (5 metrics x steps, in J, erg or eV by
# writer), MlflowClient.log_batch in batches of 1000 metrics (the server's
# limit and the client's fastest documented path), timing each batch.
# usage: python writer-python.py <url> <experiment> <writerIndex> <runs> <steps>
import json
import sys
import time

from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

url, experiment, writer, runs, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
units = [("J", 1.0), ("erg", 1e7), ("eV", 1 / 1.602176634e-19)]
unit, scale = units[writer % 3]
metrics = ["loss", "energy", "kinetic", "potential", "residual"]
client = MlflowClient(tracking_uri=url)
exp = client.get_experiment_by_name(experiment)
experiment_id = exp.experiment_id if exp else None
if experiment_id is None:
    try:
        experiment_id = client.create_experiment(experiment)
    except Exception:  # another writer created it first
        experiment_id = client.get_experiment_by_name(experiment).experiment_id
flushes = []
started = time.perf_counter()
for r in range(runs):
    run = client.create_run(experiment_id, run_name=f"w{writer}-r{r}", tags={"writer": str(writer), "unit": unit})
    run_id = run.info.run_id
    t0 = int(time.time() * 1000)
    pending = []
    for step in range(steps):
        for m, key in enumerate(metrics):
            pending.append(Metric(key, (m + 1) / (step + 1) * scale, t0 + step, step))
        if len(pending) >= 1000:
            f0 = time.perf_counter()
            client.log_batch(run_id, metrics=pending[:1000])
            flushes.append((time.perf_counter() - f0) * 1000)
            pending = pending[1000:]
    if pending:
        client.log_batch(run_id, metrics=pending)
    client.set_terminated(run_id, "FINISHED")
seconds = time.perf_counter() - started
print(json.dumps({"writer": writer, "points": runs * steps * len(metrics), "seconds": seconds, "flushes": flushes, "retries": []}))
