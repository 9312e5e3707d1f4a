"""Tasks refuse a model without the loss they need, as an ArgumentError."""

from dataclasses import dataclass

import pytest
import torch
from torch import nn

from plugtrain.errors import ArgumentError
from plugtrain.structures import Targets
from plugtrain.tasks import ClassificationBatch, ClassificationTask, DetectionTask


def test_a_model_without_loss_is_an_argument_error() -> None:
    batch = ClassificationBatch(
        images=torch.zeros(2, 3, 8, 8), labels=torch.zeros(2, dtype=torch.int64)
    )
    with pytest.raises(ArgumentError) as caught:
        ClassificationTask().loss(nn.Linear(2, 2), batch)
    error = caught.value
    assert (error.part, error.argument, error.received) == (
        "ClassificationTask",
        "model",
        "'Linear'",
    )
    assert "expected a model with a .loss(images, labels) method" in str(error)


def test_detection_names_its_signature() -> None:
    @dataclass(frozen=True)
    class Batch:
        images: tuple[torch.Tensor, ...]
        targets: tuple[Targets, ...] = ()

    with pytest.raises(ArgumentError, match=r"a model with a \.loss\(images, targets\) method"):
        DetectionTask().loss(nn.Identity(), Batch(images=(torch.zeros(3, 8, 8),)))
