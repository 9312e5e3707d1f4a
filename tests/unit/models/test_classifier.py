"""Classifier = backbone + classification head."""

from typing import cast

import pytest
import torch

from plugtrain.components import ClassificationHead, TinyBackbone, build_resnet_backbone
from plugtrain.errors import CompatibilityError, DataError, ShapeError
from plugtrain.models import Classifier


def _classifier(num_classes: int = 4) -> Classifier:
    backbone = TinyBackbone(channels=(8, 8, 16, 16))
    head = ClassificationHead(in_spec=backbone.feature_spec, num_classes=num_classes)
    return Classifier(backbone=backbone, head=head)


def test_forward_gives_one_row_of_logits_per_image() -> None:
    model = _classifier()
    assert model(torch.rand(3, 3, 32, 32)).shape == (3, 4)
    assert model.num_classes == 4


def test_loss_is_cross_entropy() -> None:
    model = _classifier()
    images, labels = torch.rand(2, 3, 32, 32), torch.tensor([0, 3])
    loss = model.loss(images, labels)
    expected = torch.nn.functional.cross_entropy(model(images), labels)
    torch.testing.assert_close(loss.total, expected)
    assert set(loss.terms) == {"classification"}


def test_labels_outside_the_classes_are_a_data_error() -> None:
    model = _classifier()
    with pytest.raises(DataError, match=r"labels\[1\]=4, labels\[2\]=-1 outside \[0, 4\)"):
        model.loss(torch.rand(3, 3, 32, 32), torch.tensor([0, 4, -1]))


def test_label_batch_must_match_image_batch() -> None:
    model = _classifier()
    with pytest.raises(ShapeError, match=r"Classifier\.loss: argument 'labels'"):
        model.loss(torch.rand(2, 3, 32, 32), torch.tensor([0, 1, 2]))


def test_float_labels_are_a_shape_error() -> None:
    model = _classifier()
    with pytest.raises(ShapeError, match=r"argument 'labels'.*\n.*\n.*dtype=float32"):
        model.loss(torch.rand(2, 3, 32, 32), torch.tensor([0.0, 1.0]))


def test_a_head_built_for_another_backbone_is_a_compatibility_error() -> None:
    head = ClassificationHead(in_spec=TinyBackbone().feature_spec, num_classes=3)
    with pytest.raises(CompatibilityError) as caught:
        Classifier(backbone=build_resnet_backbone(depth=18), head=head)
    message = str(caught.value)
    assert "ClassificationHead expects channels (32, 64, 128), ResNetBackbone makes" in message
    assert "fix: build ClassificationHead with in_spec=ResNetBackbone.feature_spec" in message


def test_trains() -> None:
    model = _classifier(num_classes=2)
    images = torch.rand(8, 3, 32, 32)
    labels = (images.mean(dim=(1, 2, 3)) > 0.5).long()
    optimizer = cast(
        torch.optim.Optimizer, torch.optim.Adam(model.parameters(), lr=1e-2)
    )  # typed step()
    first = model.loss(images, labels).detached()["total"]
    for _ in range(20):
        optimizer.zero_grad()
        torch.autograd.backward(model.loss(images, labels).total)
        optimizer.step()
    assert model.loss(images, labels).detached()["total"] < first
