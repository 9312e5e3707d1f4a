"""``train.ema`` into the trainer's weight average."""

from torch import nn

from plugtrain.config import EmaConfig
from plugtrain.training import ModelEma

__all__ = ["build_ema"]


def build_ema(config: EmaConfig, model: nn.Module, *, start_step: int = 0) -> ModelEma:
    """The weight average of ``model`` that ``config`` describes.

    ``start_step``: the first optimiser step whose weights go in (a copy), e.g. after a
    burn-in.
    """
    return ModelEma(
        model,
        decay=config.decay,
        warmup_updates=config.warmup_updates,
        every_steps=config.every_steps,
        start_step=start_step,
    )
