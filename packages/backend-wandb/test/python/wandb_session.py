"""More of the SDK against WANDB_BASE_URL: login with key verification, the Api's viewer,
create_project and projects(), a run resumed by id (resume="allow"), and Run.delete().

Usage: wandb_session.py <entity> <project>. Prints JSON.
"""

import json
import sys

import wandb


def main() -> None:
    entity, project = sys.argv[1], sys.argv[2]
    logged_in = wandb.login(verify=True)
    api = wandb.Api(timeout=60)
    viewer = api.viewer
    api.create_project(f"{project}-empty", entity)
    projects = sorted(p.name for p in api.projects(entity))
    for value in (1.0, 2.0):
        run = wandb.init(project=project, id="resumed01", resume="allow", config={"lr": 0.1})
        run.log({"x": value})
        run.finish()
    resumed = api.run(f"{entity}/{project}/resumed01")
    history = resumed.history(pandas=False)
    resumed.delete()
    remaining = [r.id for r in api.runs(f"{entity}/{project}")]
    json.dump(
        {
            "logged_in": logged_in,
            "viewer": viewer.username,
            "projects": projects,
            "resumed_history": history,
            "after_delete": remaining,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
