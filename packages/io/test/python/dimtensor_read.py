"""Loads files @dimexp/io wrote with Python dimtensor's own loaders.

Usage: dimtensor_read.py <file> [<file>:<dataset> ...]. A .json file goes
through dimtensor.io.json.load_json, an .h5 file through
dimtensor.io.hdf5.load_hdf5 (with the dataset name after ":"). Prints (last
line) a JSON object: per argument, the shape, the data (specials as strings),
the unit's symbol, scale and dimension exponents, and the uncertainty.
"""

import json
import math
import sys

import numpy as np
from dimtensor.io.hdf5 import load_hdf5
from dimtensor.io.json import load_json


def exact(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0"
    return x


def main(args):
    out = {}
    for arg in args:
        path, _, dataset = arg.partition(":")
        arr = load_json(path) if path.endswith(".json") else load_hdf5(path, dataset or "data")
        d = arr.dimension
        out[arg] = {
            "shape": list(arr.shape),
            "dtype": str(arr._data.dtype),
            "data": [exact(v) for v in np.asarray(arr._data).ravel()],
            "symbol": arr.unit.symbol,
            "scale": float(arr.unit.scale),
            "dimension": [float(d.length), float(d.mass), float(d.time), float(d.current), float(d.temperature), float(d.amount), float(d.luminosity)],
            "uncertainty": None if arr._uncertainty is None else [exact(v) for v in np.asarray(arr._uncertainty).ravel()],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
