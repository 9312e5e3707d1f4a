"""Learning-rate schedules stepped once per optimiser step, with a linear warmup."""

from typing import Literal

import torch
from torch.optim.lr_scheduler import (
    ConstantLR,
    CosineAnnealingLR,
    LinearLR,
    LRScheduler,
    OneCycleLR,
    SequentialLR,
    StepLR,
)

from plugtrain.errors import ArgumentError

__all__ = ["ScheduleKind", "build_scheduler"]

ScheduleKind = Literal["cosine", "step", "onecycle", "constant"]


def build_scheduler(
    optimizer: torch.optim.Optimizer,
    *,
    kind: ScheduleKind,
    total_steps: int,
    warmup_steps: int = 0,
    step_every: int | None = None,
    gamma: float = 0.1,
    min_lr_ratio: float = 0.0,
) -> LRScheduler:
    """torch's schedulers composed: linear warmup from 0.1% of the lr, then ``kind``.

    ``total_steps`` counts optimiser steps of the whole run. ``onecycle`` brings its own
    warmup (``warmup_steps`` sets its rising fraction). ``step`` multiplies the lr by
    ``gamma`` every ``step_every`` steps (default: a third of the run).
    """
    if total_steps < 1:
        raise ArgumentError(
            part="build_scheduler",
            argument="total_steps",
            received=total_steps,
            expected="an integer >= 1",
            fix="train for at least one step",
        )
    if not 0 <= warmup_steps < total_steps:
        raise ArgumentError(
            part="build_scheduler",
            argument="warmup_steps",
            received=warmup_steps,
            expected=f"an integer in [0, total_steps={total_steps})",
            fix="make the warmup shorter than the run",
        )
    if kind == "onecycle":
        max_lrs = [float(group["lr"]) for group in optimizer.param_groups]
        return OneCycleLR(
            optimizer,
            max_lr=max_lrs,
            total_steps=total_steps,
            pct_start=max(warmup_steps / total_steps, 0.01),
        )
    remaining = total_steps - warmup_steps
    main: LRScheduler
    if kind == "cosine":
        base = min(float(group["lr"]) for group in optimizer.param_groups)
        main = CosineAnnealingLR(optimizer, T_max=remaining, eta_min=base * min_lr_ratio)
    elif kind == "step":
        main = StepLR(optimizer, step_size=step_every or max(1, remaining // 3), gamma=gamma)
    else:
        main = ConstantLR(optimizer, factor=1.0, total_iters=0)
    if warmup_steps == 0:
        return main
    warmup = LinearLR(optimizer, start_factor=1e-3, end_factor=1.0, total_iters=warmup_steps)
    return SequentialLR(optimizer, schedulers=[warmup, main], milestones=[warmup_steps])
