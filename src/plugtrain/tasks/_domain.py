"""Domain-adversarial training (DANN): labeled source images, unlabeled target images.

Each batch pairs labeled source images with as many unlabeled target images; the model
(a ``DomainAdversarialClassifier``) learns the classes on the source and, through its
gradient reversal, features its domain classifier cannot tell apart. The adversarial
weight lambda follows the schedule of Ganin & Lempitsky (2015),
``lambda(p) = lambda_max * (2 / (1 + exp(-gamma * p)) - 1)`` over the training progress
``p`` in [0, 1]: near 0 at first, while the features are still random, rising to
``lambda_max``.
"""

import math
from dataclasses import dataclass
from typing import final

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn

from plugtrain.errors import ArgumentError
from plugtrain.models import DomainAdversarialClassifier
from plugtrain.structures import LossBreakdown
from plugtrain.tasks._tasks import Task

__all__ = [
    "DomainAdversarialBatch",
    "DomainAdversarialTask",
    "dann_lambda",
]


def dann_lambda(progress: float, *, lambda_max: float, gamma: float = 10.0) -> float:
    """``lambda_max * (2 / (1 + exp(-gamma * progress)) - 1)``, progress clamped to [0, 1]."""
    p = min(max(progress, 0.0), 1.0)
    return lambda_max * (2.0 / (1.0 + math.exp(-gamma * p)) - 1.0)


@dataclass(frozen=True)
class DomainAdversarialBatch:
    """Labeled source images, their 0-based labels, and unlabeled target images."""

    images: Float[Tensor, "batch 3 height width"]
    labels: Int64[Tensor, " batch"]
    target_images: Float[Tensor, "target 3 height width"]


def _adversarial(model: nn.Module, part: str) -> DomainAdversarialClassifier:
    if isinstance(model, DomainAdversarialClassifier):
        return model
    raise ArgumentError(
        part=part,
        argument="model",
        received=type(model).__name__,
        expected="a DomainAdversarialClassifier (a classifier with a domain classifier)",
        fix="build the model with plugtrain.builders.build_domain_adversarial_classifier",
    )


@final
class DomainAdversarialTask(Task[DomainAdversarialBatch]):
    """``model.loss(images, labels, target_images)``: class and domain terms."""

    def loss(self, model: nn.Module, batch: DomainAdversarialBatch) -> LossBreakdown:
        adversarial = _adversarial(model, "DomainAdversarialTask")
        return adversarial.loss(batch.images, batch.labels, batch.target_images)

    def to_device(
        self, batch: DomainAdversarialBatch, device: torch.device
    ) -> DomainAdversarialBatch:
        return DomainAdversarialBatch(
            images=batch.images.to(device),
            labels=batch.labels.to(device),
            target_images=batch.target_images.to(device),
        )

    def batch_size(self, batch: DomainAdversarialBatch) -> int:
        return int(batch.labels.shape[0]) + int(batch.target_images.shape[0])
