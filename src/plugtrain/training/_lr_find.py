"""The learning-rate range test (Leslie Smith; fastai's ``lr_find``) on the trainer.

The learning rate grows exponentially from ``min_lr`` to ``max_lr`` over ``steps``
optimiser steps of the ordinary :class:`Trainer` (same task, loader, device, gradient
clipping); the loss of each step is smoothed by an exponential moving average (bias
corrected). The sweep stops early when the smoothed loss exceeds ``diverge_factor`` times
its best value or the loss stops being finite. Model, optimiser and torch's random state
are restored afterwards, so training starts from the weights it would have had anyway.

The suggestion (rule ``"steepest"``, the default): the learning rate where the smoothed
loss falls fastest against log(lr), searched before the loss's minimum. The minimum itself
is already at the edge of divergence, and ``minimum / 10`` (rule ``"minimum/10"``, also
offered) depends on how far the sweep ran past it; the steepest descent is where a step
of training buys the most and is read off the part of the curve that is still reliable.
When the loss never falls, ``"steepest"`` has no answer and ``minimum/10`` is used: the
result's ``rule`` says which rule gave the suggestion.
"""

import copy
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, TypeVar, final

import torch
from torch import nn
from torch.optim.lr_scheduler import LambdaLR

from plugtrain.errors import ArgumentError, TrainingError
from plugtrain.tasks import Task
from plugtrain.training._callbacks import Callback, TrainContext, TrainState
from plugtrain.training._ranks import from_rank_zero
from plugtrain.training._trainer import Trainer

__all__ = ["MAX_LR_FIND_STEPS", "LrFindResult", "LrRule", "find_lr", "suggest_lr"]

BatchT = TypeVar("BatchT")
LrRule = Literal["steepest", "minimum/10"]
MAX_LR_FIND_STEPS: Final = 1000
"""A range test needs a few hundred steps at most; more is a sweep too slow to read."""


@final
@dataclass(frozen=True, slots=True)
class LrFindResult:
    """One range test: per step the learning rate used and the loss (raw and smoothed).

    ``suggestion`` is the learning rate the ``rule`` picked; ``diverged`` says whether
    the sweep stopped before ``max_lr`` because the loss blew up.
    """

    lrs: tuple[float, ...]
    losses: tuple[float, ...]
    raw_losses: tuple[float, ...]
    suggestion: float
    rule: LrRule
    diverged: bool


@final
class _Recorder(Callback):
    def __init__(self, lrs: Sequence[float], beta: float, diverge_factor: float) -> None:
        self.schedule = lrs
        self.beta = beta
        self.diverge_factor = diverge_factor
        self.lrs: list[float] = []
        self.raw: list[float] = []
        self.smoothed: list[float] = []
        self.average = 0.0
        self.diverged = False

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        loss = state.losses.get("total", math.nan)
        self.record(loss)
        if self.diverged or len(self.lrs) >= len(self.schedule):
            state.should_stop = True

    def record(self, loss: float) -> None:
        step = len(self.lrs)
        if not math.isfinite(loss):
            self.diverged = True
            return
        self.average = self.beta * self.average + (1 - self.beta) * loss
        smoothed = self.average / (1 - self.beta ** (step + 1))
        self.lrs.append(self.schedule[step])
        self.raw.append(loss)
        self.smoothed.append(smoothed)
        if smoothed > self.diverge_factor * min(self.smoothed):
            self.diverged = True


@dataclass(frozen=True, slots=True)
class _Sweep:
    lrs: tuple[float, ...]
    raw: tuple[float, ...]
    smoothed: tuple[float, ...]
    diverged: bool


def suggest_lr(
    lrs: Sequence[float], losses: Sequence[float], rule: LrRule = "steepest"
) -> tuple[float, LrRule]:
    """The suggested learning rate of a (smoothed) loss curve and the rule that gave it."""
    if not lrs or len(lrs) != len(losses):
        raise ArgumentError(
            part="suggest_lr",
            argument="losses",
            received=f"{len(lrs)} learning rates and {len(losses)} losses",
            expected="one loss per learning rate, at least one",
            fix="run more steps of the sweep (a lower min_lr diverges later)",
        )
    lowest = min(range(len(losses)), key=lambda i: losses[i])
    if rule == "steepest" and lowest >= 2:
        # Slopes d loss / d log10(lr) between neighbours, up to the minimum; the first
        # tenth is skipped: the moving average has not settled there.
        start = max(1, lowest // 10)
        slopes = [
            (losses[i + 1] - losses[i - 1]) / math.log10(lrs[i + 1] / lrs[i - 1])
            for i in range(start, lowest)
        ]
        steepest = min(range(len(slopes)), key=lambda i: slopes[i])
        if slopes[steepest] < 0:
            return lrs[start + steepest], "steepest"
    return lrs[lowest] / 10, "minimum/10"


def _check(steps: int, min_lr: float, max_lr: float, beta: float, diverge: float) -> None:
    def refuse(argument: str, received: object, expected: str, fix: str) -> ArgumentError:
        return ArgumentError(
            part="find_lr", argument=argument, received=received, expected=expected, fix=fix
        )

    if not 2 <= steps <= MAX_LR_FIND_STEPS:
        raise refuse(
            "steps", steps, f"an int in [2, {MAX_LR_FIND_STEPS}]", "a sweep of 100-300 steps"
        )
    if not 0 < min_lr < max_lr <= 10.0:
        raise refuse(
            "min_lr/max_lr",
            f"min_lr={min_lr}, max_lr={max_lr}",
            "0 < min_lr < max_lr <= 10",
            "e.g. min_lr=1e-6, max_lr=1.0",
        )
    if not 0.0 <= beta < 1.0:
        raise refuse("smoothing", beta, "a float in [0, 1)", "0.9 averages about 10 steps")
    if not diverge > 1.0:
        raise refuse("diverge_factor", diverge, "a float > 1", "4.0 stops at 4x the best loss")


def find_lr(
    *,
    model: nn.Module,
    task: Task[BatchT],
    optimizer: torch.optim.Optimizer,
    train_loader: Iterable[BatchT],
    steps: int = 100,
    min_lr: float = 1e-6,
    max_lr: float = 1.0,
    rule: LrRule = "steepest",
    smoothing: float = 0.9,
    diverge_factor: float = 4.0,
    grad_clip_norm: float | None = None,
    steps_per_epoch: int | None = None,
    device: torch.device | str = "cpu",
) -> LrFindResult:
    """Sweep the learning rate of ``optimizer`` from ``min_lr`` to ``max_lr`` (first
    parameter group; the others keep their ratio to it) over ``steps`` trainer steps, and
    suggest one. Under torchrun every rank sweeps its share of each batch, the ranks stop
    at the same step and all return rank 0's curve and suggestion. ``model`` (and ``task``
    when it is a module) and ``optimizer`` are left as they were (weights, buffers,
    moments and learning rates), and so is torch's random state."""
    _check(steps, min_lr, max_lr, smoothing, diverge_factor)
    ratio = (max_lr / min_lr) ** (1 / (steps - 1))
    schedule = [min_lr * ratio**k for k in range(steps)]
    # A task may hold trained modules of its own (a domain classifier): restore them too.
    modules = [model, *([task] if isinstance(task, nn.Module) else [])]
    saved_modules = [copy.deepcopy(module.state_dict()) for module in modules]
    saved_optimizer = copy.deepcopy(optimizer.state_dict())
    saved_rng = torch.get_rng_state()
    base = float(optimizer.param_groups[0]["lr"])
    recorder = _Recorder(schedule, smoothing, diverge_factor)
    scheduler = LambdaLR(optimizer, lambda k: schedule[min(k, steps - 1)] / base)
    if steps_per_epoch is None:
        length = getattr(train_loader, "__len__", None)
        steps_per_epoch = int(length()) if length is not None else steps
    trainer = Trainer(
        model=model,
        task=task,
        optimizer=optimizer,
        scheduler=scheduler,
        train_loader=train_loader,
        epochs=math.ceil(steps / max(1, steps_per_epoch)),
        callbacks=[recorder],
        grad_clip_norm=grad_clip_norm,
        steps_per_epoch=steps_per_epoch,
        device=device,
        # the recorder's stop must end every rank's sweep at the same step
        stop_within_epoch=True,
    )
    try:
        trainer.fit()
    except TrainingError:
        recorder.diverged = True  # a non-finite loss: the sweep went past divergence
    finally:
        for module, saved in zip(modules, saved_modules, strict=True):
            module.load_state_dict(saved)
        optimizer.load_state_dict(saved_optimizer)
        torch.set_rng_state(saved_rng)
    # Only rank 0 runs the trainer's callbacks, so only its recorder holds the losses.
    sweep = from_rank_zero(
        _Sweep(
            lrs=tuple(recorder.lrs),
            raw=tuple(recorder.raw),
            smoothed=tuple(recorder.smoothed),
            diverged=recorder.diverged,
        )
    )
    suggestion, used = suggest_lr(sweep.lrs, sweep.smoothed, rule)
    return LrFindResult(
        lrs=sweep.lrs,
        losses=sweep.smoothed,
        raw_losses=sweep.raw,
        suggestion=suggestion,
        rule=used,
        diverged=sweep.diverged,
    )
