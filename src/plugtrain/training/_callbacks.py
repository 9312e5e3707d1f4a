"""Callbacks: what happens around the loop (progress, logs, checkpoints).

Callbacks run on rank 0 only under DDP; they see the trainer's state, never its internals.
"""

import json
import math
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, final

import torch
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from torch import nn

from plugtrain.errors import TrainingError
from plugtrain.training._checkpoint import save_checkpoint
from plugtrain.training._ema import ModelEma
from plugtrain.training._metadata import RunInfo
from plugtrain.training._writes import append_text, remove_stale_temporaries

__all__ = [
    "Callback",
    "CheckpointCallback",
    "MetricsLogger",
    "ProgressCallback",
    "TrainContext",
    "TrainState",
]


_HEADLINE = ("map", "map50", "map75", "accuracy")


@dataclass
class TrainState:
    """Where the run is. ``step`` counts optimiser steps of the whole run."""

    max_epochs: int
    steps_per_epoch: int
    epoch: int = 0
    step: int = 0
    batch_in_epoch: int = 0
    lr: float = 0.0
    losses: dict[str, float] = field(default_factory=dict[str, float])
    metrics: dict[str, float] = field(default_factory=dict[str, float])
    scalars: dict[str, float] = field(default_factory=dict[str, float])
    """Values a callback sets for the coming steps (e.g. a loss weight on a schedule);
    logged with every step as ``schedule/<name>``."""
    images_seen: int = 0
    started: float = field(default_factory=time.perf_counter)
    should_stop: bool = False
    best: float | None = None
    """The best value of the monitored metric so far (kept across a resume)."""
    improved: bool = False
    """Whether this epoch's evaluation set a new ``best`` (the best checkpoint follows it)."""
    stale_evaluations: int = 0
    """Evaluations in a row that did not improve on ``best`` by the early-stop margin."""

    @property
    def total_steps(self) -> int:
        return self.max_epochs * self.steps_per_epoch

    @property
    def wall_seconds(self) -> float:
        return time.perf_counter() - self.started


@dataclass(frozen=True)
class TrainContext:
    """What callbacks that save state need: the parts being trained and what the run is.

    ``ema`` is the run's weight average, if it keeps one.
    """

    model: nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler | None
    run: RunInfo = field(default_factory=RunInfo)
    ema: ModelEma | None = None

    @property
    def evaluated_model(self) -> nn.Module:
        """What evaluation measures: the weight average once it holds weights, else the
        model."""
        return self.model if self.ema is None else self.ema.evaluated(self.model)


class Callback:
    """Hooks around the loop; every hook does nothing unless overridden."""

    def on_fit_start(self, context: TrainContext, state: TrainState) -> None:
        """Before the first step (also after a resume)."""

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        """After each optimiser step; ``state.losses`` holds that step's terms."""

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        """After each epoch, with ``state.metrics`` from this epoch's evaluation (empty when
        the epoch was not evaluated). Evaluation callbacks run before all others."""

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        """After the last epoch, or after an early stop."""


@final
class ProgressCallback(Callback):
    """Rich progress bars (loss, lr, it/s, ETA) on a terminal; plain lines otherwise."""

    def __init__(self, *, stream: TextIO | None = None, every: int = 20) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.console = Console(file=self.stream)
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.last_time = time.perf_counter()
        self.last_step = 0

    def on_fit_start(self, context: TrainContext, state: TrainState) -> None:
        self.last_time, self.last_step = time.perf_counter(), state.step
        if self.console.is_terminal:
            self.progress = Progress(
                TextColumn("[bold]epoch {task.fields[epoch]}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.progress.start()
            self.task = self.progress.add_task(
                "train",
                total=state.total_steps,
                completed=state.step,
                epoch=state.epoch + 1,
                info="",
            )
        else:
            self.console.print(
                f"training {state.max_epochs} epochs x {state.steps_per_epoch} steps "
                f"(from step {state.step})",
                highlight=False,
            )

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        now = time.perf_counter()
        rate = (state.step - self.last_step) / max(now - self.last_time, 1e-9)
        info = f"loss {state.losses.get('total', math.nan):.4f} lr {state.lr:.2e} {rate:.2f} it/s"
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=state.step, epoch=state.epoch + 1, info=info)
        elif state.step % self.every == 0 or state.step == state.total_steps:
            remaining = (state.total_steps - state.step) / max(rate, 1e-9)
            self.console.print(
                f"epoch {state.epoch + 1}/{state.max_epochs} step {state.step}/{state.total_steps} "
                f"{info} eta {remaining:.0f}s",
                highlight=False,
            )
        if state.step % self.every == 0:
            self.last_time, self.last_step = now, state.step

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        if state.metrics:
            shown = {k: v for k, v in state.metrics.items() if k in _HEADLINE} or state.metrics
            text = " ".join(f"{k}={v:.4f}" for k, v in shown.items())
            self.console.print(f"epoch {state.epoch + 1}: {text}", highlight=False)

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        if self.progress is not None:
            self.progress.stop()


@final
class MetricsLogger(Callback):
    """One JSON line per step (losses, lr) and per epoch (metrics) in ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _write(self, record: Mapping[str, object]) -> None:
        append_text(
            self.path, json.dumps(record) + "\n", kind=TrainingError, what="the metrics log"
        )

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        self._write(
            {
                "kind": "step",
                "epoch": state.epoch,
                "step": state.step,
                "lr": state.lr,
                "wall_seconds": round(state.wall_seconds, 3),
                **{f"loss/{k}": v for k, v in state.losses.items()},
                **{f"schedule/{k}": v for k, v in state.scalars.items()},
            }
        )

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        self._write(
            {
                "kind": "epoch",
                "epoch": state.epoch,
                "step": state.step,
                **{f"metric/{k}": v for k, v in state.metrics.items()},
            }
        )


@final
class CheckpointCallback(Callback):
    """``last`` every ``every_steps`` steps and at each epoch end; ``best`` after each epoch
    whose evaluation improved the monitored metric (see EvaluationCallback)."""

    def __init__(self, directory: Path, *, every_steps: int | None = None) -> None:
        self.directory = directory
        self.every_steps = every_steps

    @property
    def last_path(self) -> Path:
        return self.directory / "last.json"

    @property
    def best_path(self) -> Path:
        return self.directory / "best.json"

    def _save(self, name: str, context: TrainContext, state: TrainState, epoch_done: bool) -> None:
        # After an epoch's last batch the next start is the following epoch, batch 0.
        save_checkpoint(
            self.directory / name,
            model=context.model,
            optimizer=context.optimizer,
            scheduler=context.scheduler,
            step=state.step,
            epoch=state.epoch + 1 if epoch_done else state.epoch,
            batch_in_epoch=0 if epoch_done else state.batch_in_epoch,
            run=context.run,
            metrics=state.metrics,
            losses=state.losses,
            best=state.best,
            stale_evaluations=state.stale_evaluations,
            ema=context.ema,
        )

    def on_fit_start(self, context: TrainContext, state: TrainState) -> None:
        remove_stale_temporaries(self.directory)  # left by a process killed mid-write

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        at_epoch_end = state.batch_in_epoch == state.steps_per_epoch
        if self.every_steps and state.step % self.every_steps == 0 and not at_epoch_end:
            self._save("last", context, state, epoch_done=False)

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        self._save("last", context, state, epoch_done=True)
        if state.improved:
            self._save("best", context, state, epoch_done=True)
