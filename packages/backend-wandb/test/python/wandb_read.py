"""Reads every run of a W&B project with the real wandb.Api() and prints them as JSON.

Usage: wandb_read.py <entity> <project> [filters-json]  (WANDB_BASE_URL / WANDB_API_KEY from the environment)
Prints {"runs": [{id, name, state, tags, group, config, summary, history, scan}]}; NaN and
Infinity are written as Python's json writes them (bare tokens), -0.0 as -0.0.
"""

import json
import sys

import wandb


def main() -> None:
    entity, project = sys.argv[1], sys.argv[2]
    filters = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
    api = wandb.Api(timeout=60)
    out = []
    # per_page=2 makes the client follow the server's cursors
    for run in api.runs(f"{entity}/{project}", filters=filters, per_page=2, lazy=False):
        history = run.history(samples=1_000_000, pandas=False)
        scan = list(run.scan_history(page_size=500))
        out.append(
            {
                "id": run.id,
                "name": run.name,
                "state": run.state,
                "tags": list(run.tags),
                "group": run.group,
                "config": dict(run.config),
                "summary": dict(run.summary),
                "history": history,
                "scan": scan,
            }
        )
    # nested summary values come back as SummarySubDict mappings
    json.dump({"runs": out, "count": len(out)}, sys.stdout, default=lambda o: dict(o) if hasattr(o, "keys") else str(o))


if __name__ == "__main__":
    main()
