"""Tasks turn a batch into a LossBreakdown; the trainer never looks inside a batch.

A new way of learning (contrastive pretraining, domain-adversarial training) is a new
task over the same models and trainer, not a new model.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar, cast, final

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn

from plugtrain.errors import ArgumentError
from plugtrain.structures import LossBreakdown, Targets

__all__ = [
    "ClassificationBatch",
    "ClassificationTask",
    "DetectionBatch",
    "DetectionTask",
    "Task",
]

BatchT = TypeVar("BatchT")


class Task(ABC, Generic[BatchT]):
    """How one batch becomes a loss, and how it moves to a device."""

    @abstractmethod
    def loss(self, model: nn.Module, batch: BatchT) -> LossBreakdown:
        """The named loss terms of ``model`` on ``batch``."""

    @abstractmethod
    def to_device(self, batch: BatchT, device: torch.device) -> BatchT:
        """The batch with every tensor on ``device``."""

    @abstractmethod
    def batch_size(self, batch: BatchT) -> int:
        """Number of examples in the batch (for throughput figures)."""


class DetectionBatch(Protocol):
    """What detection data loaders yield: images and one Targets per image."""

    @property
    def images(self) -> Sequence[Tensor] | Tensor: ...

    @property
    def targets(self) -> Sequence[Targets]: ...


class _DetectionModel(Protocol):
    def loss(self, images: list[Tensor] | Tensor, targets: list[Targets]) -> LossBreakdown: ...


@dataclass(frozen=True)
class _MovedDetectionBatch:
    images: list[Tensor] | Tensor
    targets: list[Targets]


@final
class DetectionTask(Task[DetectionBatch]):
    """Supervised detection: ``model.loss(images, targets)``."""

    def loss(self, model: nn.Module, batch: DetectionBatch) -> LossBreakdown:
        detector = _with_loss(model, "DetectionTask", "loss(images, targets)")
        images = batch.images if isinstance(batch.images, Tensor) else list(batch.images)
        return cast(_DetectionModel, detector).loss(images, list(batch.targets))

    def to_device(self, batch: DetectionBatch, device: torch.device) -> DetectionBatch:
        if device.type == "cpu":
            return batch
        images = (
            batch.images.to(device)
            if isinstance(batch.images, Tensor)
            else [image.to(device) for image in batch.images]
        )
        targets = [
            Targets(
                boxes=t.boxes.to(device),
                labels=t.labels.to(device),
                image_size=t.image_size,
                num_classes=t.num_classes,
                image_id=t.image_id,
                tolerance=t.tolerance,
            )
            for t in batch.targets
        ]
        return _MovedDetectionBatch(images=images, targets=targets)

    def batch_size(self, batch: DetectionBatch) -> int:
        return len(batch.targets)


@dataclass(frozen=True)
class ClassificationBatch:
    """Images and their 0-based class labels."""

    images: Float[Tensor, "batch 3 height width"]
    labels: Int64[Tensor, " batch"]


class _ClassificationModel(Protocol):
    def loss(self, images: Tensor, labels: Tensor) -> LossBreakdown: ...


@final
class ClassificationTask(Task[ClassificationBatch]):
    """Supervised classification: ``model.loss(images, labels)``."""

    def loss(self, model: nn.Module, batch: ClassificationBatch) -> LossBreakdown:
        classifier = _with_loss(model, "ClassificationTask", "loss(images, labels)")
        return cast(_ClassificationModel, classifier).loss(batch.images, batch.labels)

    def to_device(self, batch: ClassificationBatch, device: torch.device) -> ClassificationBatch:
        return ClassificationBatch(images=batch.images.to(device), labels=batch.labels.to(device))

    def batch_size(self, batch: ClassificationBatch) -> int:
        return int(batch.labels.shape[0])


def _with_loss(model: nn.Module, task: str, signature: str) -> nn.Module:
    if not callable(getattr(model, "loss", None)):
        raise ArgumentError(
            part=task,
            argument="model",
            received=type(model).__name__,
            expected=f"a model with a .{signature} method",
            fix=f"pass a model that computes its own loss ({signature}), e.g. a plugtrain "
            f"Detector or Classifier",
        )
    return model
