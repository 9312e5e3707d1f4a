"""The ``autoencoder`` task: reconstruct normalised images; the metrics of a val set."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import final

import torch
from torch import nn

from plugtrain.errors import ArgumentError, DataError
from plugtrain.models import AutoEncoder, ReconstructionLoss
from plugtrain.structures import LossBreakdown
from plugtrain.tasks._batches import UnlabeledBatch
from plugtrain.tasks._tasks import Task

__all__ = ["AutoencoderTask", "ReconstructionMetrics", "reconstruction_metrics"]


def _autoencoder(model: nn.Module, part: str) -> AutoEncoder:
    if not isinstance(model, AutoEncoder):
        raise ArgumentError(
            part=part,
            argument="model",
            received=type(model).__name__,
            expected="a plugtrain AutoEncoder",
            fix="build the model with plugtrain.builders.build_autoencoder",
        )
    return model


@final
class AutoencoderTask(Task[UnlabeledBatch]):
    """``model.loss(images, kind=loss)``: the mean squared or absolute error of the
    reconstruction of the batch's normalised images."""

    def __init__(self, *, loss: ReconstructionLoss = "mse") -> None:
        self.kind: ReconstructionLoss = loss

    def loss(self, model: nn.Module, batch: UnlabeledBatch) -> LossBreakdown:
        return _autoencoder(model, "AutoencoderTask").loss(batch.images, kind=self.kind)

    def to_device(self, batch: UnlabeledBatch, device: torch.device) -> UnlabeledBatch:
        return UnlabeledBatch(images=batch.images.to(device))

    def batch_size(self, batch: UnlabeledBatch) -> int:
        return int(batch.images.shape[0])


@dataclass(frozen=True)
class ReconstructionMetrics:
    """``reconstruction_mse``: mean squared error of the normalised reconstructions;
    ``input_variance``: the mean squared error of the best constant guess (each channel's
    mean over the set), the figure to beat."""

    reconstruction_mse: float
    input_variance: float

    def as_dict(self) -> dict[str, float]:
        return {
            "reconstruction_mse": self.reconstruction_mse,
            "input_variance": self.input_variance,
        }


def reconstruction_metrics(
    model: nn.Module, batches: Iterable[UnlabeledBatch], *, device: torch.device | None = None
) -> ReconstructionMetrics:
    """Both figures over every image of ``batches`` (accumulated in float64), no gradients."""
    autoencoder = _autoencoder(model, "reconstruction_metrics")
    where = device or next(autoencoder.parameters()).device
    squared = torch.zeros((), dtype=torch.float64)
    sums = torch.zeros(3, dtype=torch.float64)
    sums_of_squares = torch.zeros(3, dtype=torch.float64)
    pixels = 0
    was_training = autoencoder.training
    autoencoder.eval()
    with torch.no_grad():
        for batch in batches:
            images = batch.images.to(where)
            error = (autoencoder(images) - images).double()
            squared += error.square().sum().cpu()
            flat = images.double().transpose(0, 1).reshape(3, -1).cpu()
            sums += flat.sum(dim=1)
            sums_of_squares += flat.square().sum(dim=1)
            pixels += int(flat.shape[1])
    autoencoder.train(was_training)
    if pixels == 0:
        raise DataError("the val set yielded no images: there is nothing to measure")
    means = sums / pixels
    variance = (sums_of_squares / pixels - means.square()).mean()
    return ReconstructionMetrics(
        reconstruction_mse=float(squared) / (pixels * 3), input_variance=float(variance)
    )
