"""Reads an experiment HDF5 file written by @dimexp/io with h5py, the way a
Python user would, and reports what it finds.

Usage: h5py_check.py <file.h5>. Prints (last line) a JSON object: the root and
experiment attributes, and per run (in group order) its attributes, tags,
params, and per metric its attributes and, per dataset, dtype, shape, chunks,
compression and values (specials as strings); per array its shape, attributes
and whether dimtensor's load_hdf5 reads it.
"""

import json
import math
import sys

import h5py
import numpy as np
from dimtensor.io.hdf5 import load_hdf5


def exact(x):
    if isinstance(x, (bytes, np.bytes_)):
        return x.decode("utf-8")
    if isinstance(x, str):
        return x
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0"
    return x


def attrs(obj):
    return {k: exact(v) for k, v in sorted(obj.attrs.items())}


def dataset(ds):
    return {
        "dtype": str(ds.dtype),
        "shape": list(ds.shape),
        "chunks": None if ds.chunks is None else list(ds.chunks),
        "compression": ds.compression,
        "values": [exact(v) for v in np.asarray(ds[()]).ravel()],
    }


def main(path):
    with h5py.File(path, "r") as f:
        report = {"root": attrs(f), "experiment": attrs(f["experiment"]), "experiment_tags": attrs(f["experiment/tags"]), "runs": []}
        for name in f["runs"]:
            g = f["runs"][name]
            run = {
                "group": name,
                "attrs": attrs(g),
                "tags": attrs(g["tags"]),
                "params": {p.attrs["name"]: attrs(p) for p in g["params"].values()},
                "metrics": {},
                "arrays": [],
            }
            for m in g["metrics"].values():
                run["metrics"][m.attrs["name"]] = {"attrs": attrs(m), **{c: dataset(m[c]) for c in ("steps", "values", "timestamps")}}
            for a in g["arrays"].values():
                loaded = load_hdf5(path, a.name.lstrip("/"))
                run["arrays"].append(
                    {
                        "attrs": attrs(a),
                        "shape": list(a.shape),
                        "compression": a.compression,
                        "dimtensor": {"symbol": loaded.unit.symbol, "scale": float(loaded.unit.scale), "data": [exact(v) for v in np.asarray(loaded._data).ravel()]},
                    }
                )
            report["runs"].append(run)
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
