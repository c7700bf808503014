"""The h5py side of the HDF5 export benchmark: writes the same arrays, in the
same layout (a group per run, metrics/<name>/{steps,values,timestamps}
float64 datasets with the same chunks and gzip level), and reports how long
the writing took (loading the input is not timed).

Usage: h5py_write.py <input.bin> <output.h5> <runs> <points> <chunk> <gzip level>
<input.bin> holds, per run, steps, values and timestamps as little-endian float64.
"""

import json
import sys
import time

import h5py
import numpy as np

source, target, runs, points, chunk, level = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
data = np.fromfile(source, dtype="<f8").reshape(runs, 3, points)

start = time.perf_counter()
with h5py.File(target, "w") as f:
    f.attrs["format"] = "dimexp-experiment"
    group = f.create_group("runs")
    for r in range(runs):
        run = group.create_group(f"{r:06d}")
        run.attrs["name"] = f"run-{r}"
        metric = run.create_group("metrics").create_group("loss")
        metric.attrs["name"] = "loss"
        metric.attrs["unit"] = "J"
        for i, column in enumerate(("steps", "values", "timestamps")):
            metric.create_dataset(column, data=data[r, i], chunks=(min(chunk, points),), compression="gzip" if level > 0 else None, compression_opts=level if level > 0 else None)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed}))
