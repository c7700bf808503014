"""Lists and downloads a run's files with the real wandb.Api(), as a Python user would.

Usage: wandb_files.py <entity> <project> <run id> <LIKE pattern> <destination dir>
(WANDB_BASE_URL / WANDB_API_KEY from the environment). Pages through run.files(pattern=...)
two files at a time (following the server's cursors), downloads each with File.download()
and prints {"count", "names", "files": {name: parsed JSON}}; Python's json reads the bare
NaN / Infinity tokens the files carry and writes them back the same way.
"""

import json
import os
import sys

import wandb


def main() -> None:
    entity, project, run_id, pattern, destination = sys.argv[1:6]
    run = wandb.Api(timeout=60).run(f"{entity}/{project}/{run_id}")
    files = run.files(pattern=pattern, per_page=2)
    names, parsed = [], {}
    for f in files:
        names.append(f.name)
        f.download(root=destination, replace=True)
        with open(os.path.join(destination, f.name)) as handle:
            parsed[f.name] = json.load(handle)
    json.dump({"count": len(names), "names": names, "files": parsed}, sys.stdout)


if __name__ == "__main__":
    main()
