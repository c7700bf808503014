"""Logs one run with the real W&B SDK (wandb.init / log / finish) to WANDB_BASE_URL.

Usage: wandb_log.py <project> <steps> [group]
Logs `loss` = 1/(step+1) and `lr_now` = 0.01 * 0.9**step at every step, plus NaN and
Infinity at two steps of `spiky`; config lr (with dimtensor's lr_unit) and batch; tags;
summary `loss_unit`. Prints {"id", "name"} as JSON.
"""

import json
import math
import sys

import wandb


def main() -> None:
    project, steps = sys.argv[1], int(sys.argv[2])
    group = sys.argv[3] if len(sys.argv) > 3 else None
    run = wandb.init(
        project=project,
        group=group,
        name="sdk-run",
        tags=["baseline", "sdk"],
        notes="logged by the real wandb SDK",
        config={"lr": 0.001, "lr_unit": "1/s", "batch": 32, "optimizer": "adam"},
    )
    for step in range(steps):
        row = {"loss": 1.0 / (step + 1), "lr_now": 0.01 * 0.9**step}
        if step == 3:
            row["spiky"] = math.nan
        if step == 4:
            row["spiky"] = math.inf
        run.log(row)
    run.summary["loss_unit"] = "J"
    run.finish()
    json.dump({"id": run.id, "name": run.name}, sys.stdout)


if __name__ == "__main__":
    main()
