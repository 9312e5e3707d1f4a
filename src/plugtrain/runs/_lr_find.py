"""The LR finder as a job: ``plugtrain lr-find`` and ``train.optimizer.lr: auto``.

``lr_find_from_config`` builds what training builds (data, loader, model, optimiser) and
sweeps the learning rate; ``choose_lr`` is the step ``plugtrain train`` runs before the
first step when the config says ``lr: auto``: it sweeps, logs the choice in
``metrics.jsonl`` (a record of kind ``lr_find``) and returns the learning rate. A resumed
run reads the choice back from that log instead of sweeping again, so it goes on with the
learning rate it started with.
"""

import io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeVar

import matplotlib

matplotlib.use("Agg")  # files only; never open a window

import matplotlib.pyplot as plt
import torch
import torch.distributed as dist
from torch import nn

from plugtrain._seed import seed_everything
from plugtrain.builders import build_optimizer
from plugtrain.config import ExperimentConfig
from plugtrain.errors import TrainingError
from plugtrain.runs._setups import setup_of
from plugtrain.tasks import Task
from plugtrain.training import (
    LrFindResult,
    LrRule,
    append_text,
    atomic_write_bytes,
    find_lr,
    from_rank_zero,
)

__all__ = [
    "LR_FIND_KIND",
    "LrChoice",
    "choose_lr",
    "lr_find_from_config",
    "plot_lr_find",
]

BatchT = TypeVar("BatchT")
LR_FIND_KIND: Final = "lr_find"
"""The ``kind`` of the metrics.jsonl record that holds an ``lr: auto`` choice."""


@dataclass(frozen=True, slots=True)
class LrChoice:
    """The learning rate ``lr: auto`` resolved to, and how."""

    lr: float
    rule: str
    steps: int


def plot_lr_find(result: LrFindResult, out: Path) -> None:
    """Loss against learning rate (log scale), raw and smoothed, the suggestion marked."""
    # The Axes out of a 1 x 1 grid, as the training curve takes its panels: matplotlib
    # types a lone Axes' methods with partly unknown **kwargs.
    figure, grid = plt.subplots(1, 1, figsize=(7, 4.5), squeeze=False)
    axes = grid[0, 0]
    axes.plot(result.lrs, result.raw_losses, color="0.75", linewidth=0.8, label="loss")
    axes.plot(result.lrs, result.losses, linewidth=1.8, label="smoothed loss")
    axes.axvline(result.suggestion, color="tab:red", linestyle="--", linewidth=1.2)
    # Up to a quarter above the loss before the minimum: the blow-up would flatten the
    # part of the curve that matters.
    lowest = min(range(len(result.losses)), key=lambda i: result.losses[i])
    top = 1.25 * max(result.losses[: lowest + 1])
    axes.set_ylim(0.9 * min(min(result.raw_losses), result.losses[lowest]), top)
    axes.annotate(
        f"suggestion {result.suggestion:.2e}\n({result.rule})",
        xy=(result.suggestion, top),
        xytext=(6, -6),
        textcoords="offset points",
        va="top",
        color="tab:red",
    )
    axes.set_xscale("log")
    axes.set_xlabel("learning rate")
    axes.set_ylabel("training loss")
    status = "stopped at divergence" if result.diverged else "full sweep"
    axes.set_title(f"LR finder: {len(result.lrs)} steps, {status}")
    axes.legend()
    figure.tight_layout()
    stream = io.BytesIO()
    figure.savefig(stream, format="png", dpi=100)  # pyright: ignore[reportUnknownMemberType]  # matplotlib's **kwargs
    plt.close(figure)
    atomic_write_bytes(out, stream.getvalue(), kind=TrainingError, what="the LR finder plot")


def lr_find_from_config(
    config: ExperimentConfig,
    *,
    steps: int = 100,
    min_lr: float = 1e-6,
    max_lr: float = 1.0,
    rule: LrRule = "steepest",
    out: Path | None = None,
    device: str | None = None,
) -> LrFindResult:
    """The range test on what ``plugtrain train`` would train for ``config`` (any task:
    its setup builds model, task and loader; the optimiser's ``lr`` is not used); writes
    the plot to ``out`` when given."""
    seed_everything(config.train.seed)
    chosen = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    # What `plugtrain train` trains: the task's setup builds model, task and loader.
    prepared = setup_of(config).prepare(config, rank=0, world_size=1, device=chosen)
    trained = prepared.parameters or prepared.model
    optimizer = build_optimizer(config.train.optimizer, trained, lr=min_lr)
    result = find_lr(
        model=prepared.model,
        task=prepared.task,
        optimizer=optimizer,
        train_loader=prepared.train_loader,
        steps=steps,
        min_lr=min_lr,
        max_lr=max_lr,
        rule=rule,
        grad_clip_norm=config.train.grad_clip_norm,
        steps_per_epoch=prepared.steps_per_epoch,
        device=chosen,
    )
    if out is not None:
        plot_lr_find(result, out)
    return result


def _logged_choice(metrics_log: Path) -> LrChoice | None:
    if not metrics_log.exists():
        return None
    choice: LrChoice | None = None
    for line in metrics_log.read_text().splitlines():
        record: dict[str, object] = json.loads(line)
        if record.get("kind") == LR_FIND_KIND:
            lr, rule, steps = record.get("lr"), record.get("rule"), record.get("steps")
            if isinstance(lr, float) and isinstance(rule, str) and isinstance(steps, int):
                choice = LrChoice(lr=lr, rule=rule, steps=steps)
    return choice


def choose_lr(
    *,
    config: ExperimentConfig,
    model: nn.Module,
    parameters: nn.Module,
    task: Task[BatchT],
    train_loader: Iterable[BatchT],
    steps_per_epoch: int,
    metrics_log: Path,
    device: torch.device,
    resume: bool,
    steps: int = 100,
) -> LrChoice:
    """Resolve ``lr: auto``: sweep on a throw-away optimiser over ``parameters`` (model, a
    task with modules of its own, and the random state are restored), log and print the
    choice; on ``resume`` reuse the logged one. Under torchrun every rank sweeps (its share
    of each batch, as it will train) and takes rank 0's choice; rank 0 alone prints and
    logs it."""
    distributed = dist.is_available() and dist.is_initialized()
    writer = not distributed or dist.get_rank() == 0
    if resume:
        logged = from_rank_zero(_logged_choice(metrics_log) if writer else None)
        if logged is not None:
            return logged
    optimizer = build_optimizer(config.train.optimizer, parameters, lr=1e-6)
    result = find_lr(
        model=model,
        task=task,
        optimizer=optimizer,
        train_loader=train_loader,
        steps=steps,
        steps_per_epoch=steps_per_epoch,
        grad_clip_norm=config.train.grad_clip_norm,
        device=device,
    )
    choice = LrChoice(lr=result.suggestion, rule=result.rule, steps=len(result.lrs))
    if not writer:
        return choice
    print(
        f"lr: auto -> {choice.lr:.3g} (LR finder, rule {choice.rule}, {choice.steps} steps)",
        file=sys.stderr,
    )
    record = {"kind": LR_FIND_KIND, "lr": choice.lr, "rule": choice.rule, "steps": choice.steps}
    append_text(metrics_log, json.dumps(record) + "\n", kind=TrainingError, what="the metrics log")
    return choice
