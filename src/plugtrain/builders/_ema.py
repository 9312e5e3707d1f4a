"""``train.ema`` into the trainer's weight average."""

from torch import nn

from plugtrain.config import EmaConfig
from plugtrain.training import ModelEma

__all__ = ["build_ema"]


def build_ema(
    config: EmaConfig | None, model: nn.Module, *, start_step: int = 0
) -> ModelEma | None:
    """The weight average of ``model`` that ``config`` asks for (None without one).

    ``start_step``: the first optimiser step whose weights go in (a copy), e.g. after a
    burn-in.
    """
    if config is None:
        return None
    return ModelEma(
        model,
        decay=config.decay,
        warmup_updates=config.warmup_updates,
        every_steps=config.every_steps,
        start_step=start_step,
    )
