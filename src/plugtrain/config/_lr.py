"""The learning-rate value of the optimiser configs: a number in (0, MAX_LR], or ``auto``.

``auto`` has the LR finder pick the learning rate before training (``plugtrain lr-find``
shows the same sweep). One validator gives one message for both forms, where a plain
``float | Literal["auto"]`` union would report each member's complaint.
"""

import math
from typing import Annotated, Any, Literal

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from plugtrain.config._base import MAX_LR

__all__ = ["LearningRate"]


def _learning_rate(value: Any) -> float | Literal["auto"]:
    if isinstance(value, str) and value == "auto":
        return "auto"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("float_type", "Input should be a valid number or auto")
    if not (math.isfinite(value) and 0 < value <= MAX_LR):
        raise PydanticCustomError(
            "value",
            "learning rate must be in (0, {bound}] or auto, got {value}; above {bound} every "
            "optimiser here diverges, and auto lets the LR finder pick one",
            {"bound": f"{MAX_LR:g}", "value": value},
        )
    return float(value)


LearningRate = Annotated[
    float | Literal["auto"],
    PlainValidator(_learning_rate),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_LR},
                {"const": "auto", "type": "string"},
            ]
        }
    ),
]
"""A learning rate in (0, MAX_LR], or ``"auto"``."""
