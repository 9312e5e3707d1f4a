"""The decay schedule of the weight average, torch-free: ``ModelEma`` applies it and
``plugtrain validate`` predicts from it what share of the early weights a run's average
keeps."""

import math

__all__ = ["default_warmup_updates", "ema_decay_at", "first_weights_share"]


def default_warmup_updates(decay: float) -> int:
    """The ramp used when none is given: the average's window, ``round(1 / (1 - decay))``."""
    return round(1.0 / (1.0 - decay))


def ema_decay_at(decay: float, warmup_updates: int, updates_done: int) -> float:
    """The decay of the update that follows ``updates_done`` earlier ones (>= 1): it ramps
    linearly, ``decay * updates_done / warmup_updates``, until the ramp ends."""
    if warmup_updates == 0 or updates_done >= warmup_updates:
        return decay
    return decay * updates_done / warmup_updates


def first_weights_share(decay: float, warmup_updates: int, updates: int) -> float:
    """The share of the first update's weights (a copy) in the average after ``updates``.

    The product of :func:`ema_decay_at` over the later updates, in closed form (a run may
    make millions): ``decay ** (updates - 1)`` times ``n / warmup`` for each ramped ``n``.
    """
    if updates <= 1:
        return 1.0
    ramped = min(updates - 1, warmup_updates - 1) if warmup_updates > 1 else 0
    log_share = (updates - 1) * math.log(decay)
    if ramped > 0:  # sum of log(n / warmup) for n = 1 .. ramped
        log_share += math.lgamma(ramped + 1) - ramped * math.log(warmup_updates)
    return math.exp(log_share)
