"""The ``train.ema`` section: an exponential moving average of the weights."""

from typing import Annotated

from pydantic import Field

from plugtrain.config._base import MAX_STEPS, ConfigModel

__all__ = ["EmaConfig"]

_Decay = Annotated[float, Field(gt=0.0, lt=1.0)]


class EmaConfig(ConfigModel):
    """Keep a moving average of the weights beside them; evaluation, the best checkpoint,
    predict and export use the average.

    After each due optimiser step the average moves towards the weights by ``1 - decay``;
    it follows about the last ``1 / (1 - decay)`` updates.
    """

    decay: _Decay = Field(
        default=0.999,
        description="in (0, 1): each update keeps this fraction of the average; it follows "
        "about the last 1 / (1 - decay) updates (0.999: a thousand)",
    )
    warmup_updates: Annotated[int, Field(ge=0, le=MAX_STEPS)] | None = Field(
        default=None,
        description="the decay ramps linearly from 0 to decay over this many updates, so "
        "the first averages are not dominated by the random initialisation; null (the "
        "default): over the average's window, 1 / (1 - decay) updates; 0: no ramp; at most "
        f"{MAX_STEPS:,}",
    )
    every_steps: Annotated[int, Field(ge=1, le=MAX_STEPS)] = Field(
        default=1,
        description=f"update the average every this many optimiser steps, >= 1, at most "
        f"{MAX_STEPS:,}",
    )
