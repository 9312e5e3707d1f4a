"""The base of every config model and the small value types they share."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "ConfigModel",
    "Levels",
    "NonNegativeInt",
    "PathText",
    "PositiveFloat",
    "PositiveInt",
    "Probability",
    "exact_int",
]


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
