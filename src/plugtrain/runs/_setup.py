"""A learning setup: what one ``task.type`` adds to the shared training run.

``train_from_config`` does what every setup shares (the output folder, seeding, the
optimiser and schedule, checkpoints, the metrics log, progress, the trainer, resume, DDP,
the NaN guard, the summary and the training curve) and asks the config's
:class:`Setup` for the rest: the model, the task (what a batch is and what is learned
from it), the data loader, the setup's own evaluation and pictures.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from plugtrain.config import ExperimentConfig
from plugtrain.runs._output import RunFolder
from plugtrain.tasks import Task
from plugtrain.training import Callback

__all__ = ["PreparedRun", "Setup", "no_artifacts"]


def no_artifacts(_model: nn.Module, _folder: RunFolder) -> None:
    """``write_artifacts`` of a setup that draws no pictures."""


@dataclass(frozen=True)
class PreparedRun:
    """What a setup gives the shared run.

    ``model``: what is trained, checkpointed and evaluated (a setup whose task has modules
    of its own, such as a domain classifier, wraps them with the model in one module).
    ``task``: the loss of a batch of ``train_loader``. ``class_names``: one name per label
    (``()`` when the setup has no classes), stored in every checkpoint. ``evaluate``: the
    setup's metrics of a model, named as in its task's requirements (``None``: no
    evaluation, e.g. no val set). ``callbacks``: setup-specific ones (schedules of the
    task, an EMA teacher). ``write_artifacts``: pictures written on rank 0 at the end.
    ``parameters``: what the optimiser updates, when not ``model.parameters()`` (``None``).
    """

    model: nn.Module
    task: Task[Any]
    train_loader: Iterable[Any]
    steps_per_epoch: int
    class_names: tuple[str, ...]
    evaluate: Callable[[nn.Module], dict[str, float]] | None
    callbacks: tuple[Callback, ...] = ()
    write_artifacts: Callable[[nn.Module, RunFolder], None] = no_artifacts
    parameters: nn.Module | None = None


class Setup(ABC):
    """One learning setup (a row of ``SETUPS``, keyed by its ``task.type``)."""

    @abstractmethod
    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        """The model, the task, this rank's share of the training data and the evaluation
        of ``config``.

        The caller seeds the generators with ``train.seed + rank`` (data order, workers);
        a setup seeds them with ``seed_everything(config.train.seed)`` right before it
        builds the model, so every rank starts from the same weights.

        Data problems are ``DataError``s naming the file; the model is built through
        ``plugtrain.builders.MODEL_BUILDERS``.
        """

    def evaluation(
        self, config: ExperimentConfig, *, device: torch.device
    ) -> tuple[nn.Module, Callable[[nn.Module], dict[str, float]] | None]:
        """The model to load a checkpoint of ``config`` into, and the setup's evaluation on
        ``config.data.val`` (``plugtrain evaluate``).

        The default prepares the whole run; a setup whose training data is not needed to
        evaluate overrides it.
        """
        prepared = self.prepare(config, rank=0, world_size=1, device=device)
        return prepared.model, prepared.evaluate
