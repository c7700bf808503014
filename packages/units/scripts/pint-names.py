#!/usr/bin/env python3
"""Prints, as JSON, every unit of pint's default registry that is a plain
multiple of SI: its name, symbol and aliases, its dimension as exponents of
length, mass, time, current, temperature, amount, luminosity, and its factor
to SI base units. Read by test/interop/pint-names.test.ts, which keeps the
units @dimexp/units also has and checks that it reads pint's spellings of them.

    tooling/python/.venv/bin/python packages/units/scripts/pint-names.py
"""

from __future__ import annotations

import json
import sys

import pint

BASES = ["[length]", "[mass]", "[time]", "[current]", "[temperature]", "[substance]", "[luminosity]"]


def main() -> None:
    ureg = pint.UnitRegistry()
    out = []
    for name, definition in sorted(ureg._units.items()):
        # the key is the primary name; aliases and symbols map to the same definition
        if name != definition.name or not definition.is_multiplicative:
            continue
        try:
            q = ureg.Quantity(1, name).to_base_units()
        except Exception:  # noqa: BLE001 - units pint itself cannot reduce are not ours to check
            continue
        dims = q.dimensionality
        if any(d not in BASES for d in dims):
            continue
        exponents = [float(dims.get(b, 0)) for b in BASES]
        spellings = [name]
        if definition.symbol and definition.symbol != name:
            spellings.append(definition.symbol)
        spellings += [a for a in definition.aliases if a not in spellings]
        out.append({"name": name, "spellings": spellings, "dimension": exponents, "factor": float(q.magnitude)})
    json.dump({"pint": pint.__version__, "units": out}, sys.stdout, indent=0, sort_keys=True)


if __name__ == "__main__":
    main()
