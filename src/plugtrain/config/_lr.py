"""The learning-rate value of the optimiser configs: a number in (0, MAX_LR], or ``auto``.

``auto`` has the LR finder pick the learning rate before training (``plugtrain lr-find``
shows the same sweep). One validator gives one message for both forms (pydantic's own
bound errors, so they read like every other bound), where a plain
``float | Literal["auto"]`` union would report each member's complaint.
"""

import math
from typing import Annotated, Any, Literal

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticKnownError

from plugtrain.config._base import MAX_LR

__all__ = ["LearningRate"]


def _learning_rate(value: Any) -> float | Literal["auto"]:
    if isinstance(value, str) and value == "auto":
        return "auto"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        # the description, shown with the message, names auto
        raise PydanticKnownError("float_type")
    if not math.isfinite(value):
        raise PydanticKnownError("finite_number")
    if value <= 0:
        raise PydanticKnownError("greater_than", {"gt": 0})
    if value > MAX_LR:
        raise PydanticKnownError("less_than_equal", {"le": MAX_LR})
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
