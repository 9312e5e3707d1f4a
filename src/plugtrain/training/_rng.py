"""Python's and NumPy's global generator states as JSON-ready values, and back.

(torch's state is a tensor and travels in the safetensors file.)
"""

import random
from typing import Any, cast

import numpy as np

from plugtrain.training._metadata import NumpyRngState, PythonRngState

__all__ = ["numpy_rng_state", "python_rng_state", "set_numpy_rng", "set_python_rng"]


def python_rng_state() -> dict[str, object]:
    version, internal, gauss = random.getstate()
    return {"version": version, "internal": list(internal), "gauss": gauss}


def numpy_rng_state() -> dict[str, object]:
    name, keys, position, has_gauss, cached = cast(
        tuple[str, np.ndarray[Any, Any], int, int, float],
        np.random.get_state(),  # the legacy global generator
    )
    return {
        "name": name,
        "keys": [int(k) for k in keys],
        "position": int(position),
        "has_gauss": int(has_gauss),
        "cached_gaussian": float(cached),
    }


def set_python_rng(saved: PythonRngState) -> None:
    random.setstate((saved.version, saved.internal, saved.gauss))


def set_numpy_rng(saved: NumpyRngState) -> None:
    np.random.set_state(  # the legacy global generator
        (
            saved.name,
            np.asarray(saved.keys, dtype=np.uint32),
            saved.position,
            saved.has_gauss,
            saved.cached_gaussian,
        )
    )
