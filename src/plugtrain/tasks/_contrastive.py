"""The ``contrastive`` task: SimCLR's NT-Xent between two views of each image.

Why SimCLR: it is the simplest well-known contrastive method. It needs no momentum encoder
or memory bank (MoCo), and no EMA teacher or predictor (BYOL): one network, one loss, two
augmented views. Its weakness is that it wants many negatives, so large batches; on a CPU
with small batches and a few thousand steps it learns less well than BYOL, but it has no
second network to keep in step, checkpoint or explain.
"""

import math
from dataclasses import dataclass
from typing import final

import torch
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.errors import ArgumentError
from plugtrain.models import ContrastiveModel
from plugtrain.structures import LossBreakdown
from plugtrain.tasks._tasks import Task

__all__ = ["ContrastiveMetrics", "ContrastiveTask", "TwoViewBatch", "contrastive_model"]


@dataclass(frozen=True)
class TwoViewBatch:
    """Two views of each of ``batch`` images, normalised; ``view_a[i]`` and ``view_b[i]``
    come from one image."""

    view_a: Float[Tensor, "batch 3 height width"]
    view_b: Float[Tensor, "batch 3 height width"]


@dataclass(frozen=True)
class ContrastiveMetrics:
    """What the contrastive setup reports on ``data.val``.

    ``contrastive_loss``: NT-Xent of fixed-seed views (lower is better).
    ``linear_probe_accuracy``: accuracy in [0, 1] of a linear probe on the frozen pooled
    features; ``random_linear_probe_accuracy``: the same probe of the same model at its
    random initialisation (``train.seed``, no ``weights:``), the figure pretraining must
    beat. Both probes are ``None`` when ``data.val`` has no labels.
    """

    contrastive_loss: float
    linear_probe_accuracy: float | None = None
    random_linear_probe_accuracy: float | None = None

    def as_dict(self) -> dict[str, float]:
        """The metrics by name (the probes only when measured)."""
        named = {
            "contrastive_loss": self.contrastive_loss,
            "linear_probe_accuracy": self.linear_probe_accuracy,
            "random_linear_probe_accuracy": self.random_linear_probe_accuracy,
        }
        return {name: value for name, value in named.items() if value is not None}


def contrastive_model(model: nn.Module, part: str) -> ContrastiveModel:
    """``model`` as a ContrastiveModel; ``ArgumentError`` naming ``part`` otherwise."""
    if not isinstance(model, ContrastiveModel):
        raise ArgumentError(
            part=part,
            argument="model",
            received=type(model).__name__,
            expected="a plugtrain ContrastiveModel",
            fix="build the model with plugtrain.builders.build_contrastive_model",
        )
    return model


@final
class ContrastiveTask(Task[TwoViewBatch]):
    """NT-Xent at ``temperature`` of the projections of both views (normalised images)."""

    def __init__(self, *, temperature: float = 0.2) -> None:
        if not 0 < temperature < math.inf:  # NaN fails both comparisons
            raise ArgumentError(
                part="ContrastiveTask",
                argument="temperature",
                received=temperature,
                expected="a finite float > 0",
                fix="pass e.g. temperature=0.2",
            )
        self.temperature = temperature

    def loss(self, model: nn.Module, batch: TwoViewBatch) -> LossBreakdown:
        return contrastive_model(model, "ContrastiveTask").loss(
            batch.view_a, batch.view_b, temperature=self.temperature
        )

    def to_device(self, batch: TwoViewBatch, device: torch.device) -> TwoViewBatch:
        return TwoViewBatch(view_a=batch.view_a.to(device), view_b=batch.view_b.to(device))

    def batch_size(self, batch: TwoViewBatch) -> int:
        return int(batch.view_a.shape[0])
