"""The real W&B SDK's side of the benchmark: one run logging N points through wandb.log.

Usage: wandb_sdk.py <project> <points>  (WANDB_BASE_URL / WANDB_API_KEY from the environment)
Prints JSON timings in seconds: init (wandb.init), log (the wandb.log loop), finish (run.finish,
which waits until the data is uploaded), total.
"""

import json
import sys
import time

import wandb


def main() -> None:
    project, points = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    run = wandb.init(project=project, name="wandb-sdk", config={"lr": 0.001, "lr_unit": "1/s"})
    t1 = time.perf_counter()
    for step in range(points):
        run.log({"loss": 1.0 / (step + 1)}, step=step)
    t2 = time.perf_counter()
    run.finish()
    t3 = time.perf_counter()
    json.dump({"id": run.id, "init": t1 - t0, "log": t2 - t1, "finish": t3 - t2, "total": t3 - t0}, sys.stdout)


if __name__ == "__main__":
    main()
