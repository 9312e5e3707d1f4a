"""The base of every config model and the small value types they share."""

from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_EPOCHS",
    "MAX_IMAGE_SIDE",
    "MAX_LR",
    "MAX_STEPS",
    "MAX_WORKERS",
    "SEED_LIMIT",
    "ConfigModel",
    "Levels",
    "NonNegativeInt",
    "PathText",
    "PositiveFloat",
    "PositiveInt",
    "Probability",
    "exact_int",
]


# Upper bounds where a larger value can only be a mistake. Each is far above any real run;
# the reason is in the field's description, so that the message says it next to the bound.
SEED_LIMIT: Final = 2**32
"""Seeds are in [0, 2**32): numpy's seed range (torch and Python's random take it too)."""
MAX_EPOCHS: Final = 100_000
"""More passes than any schedule needs; a typo (an extra digit) would run for months."""
MAX_STEPS: Final = 1_000_000_000
"""Optimiser steps (warmup): a billion steps is years of training."""
MAX_IMAGE_SIDE: Final = 8192
"""Pixels a side: activations grow with the area, and 8192 x 8192 already needs tens of GB
per image in a detector."""
MAX_BATCH_SIZE: Final = 65_536
"""Images per batch: no accelerator holds more activations than that."""
MAX_WORKERS: Final = 64
"""Data-loader processes: more than the cores of any machine, each one a Python process."""
MAX_LR: Final = 10.0
"""Learning rates above 10 diverge with every optimiser here (typical: 1e-4 to 0.1)."""


class ConfigModel(BaseModel):
    """Unknown keys are errors, values are immutable, and nothing is coerced.

    ``strict``: a YAML string never becomes a number (``lr: "0.1"`` is an error); an int
    is accepted where a float is expected (``lr: 1``). Infinity and NaN are refused.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def exact_int(value: Any) -> Any:
    """Reject floats and bools where an integer choice (``depth: 18``) is expected.

    ``Literal[18, 34]`` alone accepts ``18.0`` and ``True == 1``; configs must not.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "int_type",
            "Input should be a valid integer",
        )
    return value


PositiveInt = Annotated[int, Field(ge=1)]
NonNegativeInt = Annotated[int, Field(ge=0)]
PositiveFloat = Annotated[float, Field(gt=0)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
PathText = Annotated[str, Field(min_length=1)]
Levels = Annotated[list[int], Field(min_length=1)]
