"""DomainAdversarialTask and the DANN lambda schedule."""

import math

import pytest
import torch
from torch import nn

from plugtrain.components import ClassificationHead, GradientReversal, TinyBackbone
from plugtrain.components.heads import DomainClassifierHead
from plugtrain.errors import ArgumentError
from plugtrain.models import Classifier, DomainAdversarialClassifier
from plugtrain.tasks import DomainAdversarialBatch, DomainAdversarialTask, dann_lambda


def _model() -> DomainAdversarialClassifier:
    backbone = TinyBackbone(channels=(8, 8, 16, 16), out_levels=(5,))
    return DomainAdversarialClassifier(
        classifier=Classifier(
            backbone=backbone,
            head=ClassificationHead(in_spec=backbone.feature_spec, num_classes=2),
        ),
        domain_head=DomainClassifierHead(in_spec=backbone.feature_spec, hidden=4),
        reversal=GradientReversal(),
    )


def _batch() -> DomainAdversarialBatch:
    return DomainAdversarialBatch(
        images=torch.rand(3, 3, 32, 32),
        labels=torch.tensor([0, 1, 1]),
        target_images=torch.rand(2, 3, 32, 32),
    )


def test_the_schedule_rises_from_zero_to_lambda_max() -> None:
    assert dann_lambda(0.0, lambda_max=1.0) == 0.0
    # 2 / (1 + e^-10) - 1: the paper's schedule ends just short of lambda_max
    assert dann_lambda(1.0, lambda_max=0.5) == pytest.approx(0.5 * (2 / (1 + math.exp(-10)) - 1))
    assert dann_lambda(0.1, lambda_max=1.0) == pytest.approx(2 / (1 + math.exp(-1)) - 1)
    values = [dann_lambda(p / 20, lambda_max=1.0) for p in range(21)]
    assert values == sorted(values)
    assert dann_lambda(-1.0, lambda_max=1.0) == 0.0
    assert dann_lambda(3.0, lambda_max=1.0) == dann_lambda(1.0, lambda_max=1.0)
    assert dann_lambda(0.2, lambda_max=1.0, gamma=1.0) < dann_lambda(0.2, lambda_max=1.0)


def test_the_loss_is_the_models() -> None:
    model = _model()
    batch = _batch()
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    loss = DomainAdversarialTask().loss(model, batch)
    assert set(loss.terms) == {"classification", "domain"}
    assert DomainAdversarialTask().batch_size(batch) == 5


def test_to_device_keeps_every_tensor() -> None:
    batch = _batch()
    moved = DomainAdversarialTask().to_device(batch, torch.device("cpu"))
    torch.testing.assert_close(moved.target_images, batch.target_images)
    torch.testing.assert_close(moved.labels, batch.labels)


def test_a_plain_model_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError) as caught:
        DomainAdversarialTask().loss(nn.Linear(2, 2), _batch())
    error = caught.value
    assert (error.part, error.argument) == ("DomainAdversarialTask", "model")
    assert "expected a DomainAdversarialClassifier" in str(error)
    assert "build_domain_adversarial_classifier" in str(error)
