"""Build models from parts the way a user would: weights files, wiring, NaN diagnosis."""

from pathlib import Path
from typing import cast

import pytest
import torch
import torchvision
from safetensors.torch import save_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike open

from plugtrain.components import (
    FPN,
    ClassificationHead,
    TinyBackbone,
    TorchvisionBackbone,
    build_resnet_backbone,
)
from plugtrain.diagnostics import find_first_nonfinite
from plugtrain.errors import CompatibilityError
from plugtrain.models import AutoEncoder, Classifier, ConvDecoder, ConvEncoder


def test_resnet_classifier_from_a_torchvision_state_dict(tmp_path: Path) -> None:
    """Fine-tune a classifier whose backbone starts from a torchvision .pth file."""
    pretrained = torchvision.models.resnet18()
    weights = tmp_path / "resnet18.pth"
    torch.save(pretrained.state_dict(), weights)
    backbone = build_resnet_backbone(depth=18, out_levels=(4, 5), frozen_stages=3, weights=weights)
    model = Classifier(
        backbone=backbone, head=ClassificationHead(in_spec=backbone.feature_spec, num_classes=3)
    )
    torch.testing.assert_close(
        backbone.state_dict()["layer2.0.conv1.weight"],
        pretrained.state_dict()["layer2.0.conv1.weight"],
        rtol=0,
        atol=0,
    )
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = cast(torch.optim.Optimizer, torch.optim.SGD(trainable, lr=0.01))
    images, labels = torch.rand(2, 3, 64, 64), torch.tensor([0, 2])
    loss = model.loss(images, labels)
    torch.autograd.backward(loss.total)
    optimizer.step()
    assert loss.detached()["total"] > 0


def test_backbone_weights_round_trip_through_safetensors(tmp_path: Path) -> None:
    trained = build_resnet_backbone(depth=18, norm="bn", out_levels=(3,)).eval()
    path = tmp_path / "backbone.safetensors"
    save_file(trained.state_dict(), str(path))
    reloaded = build_resnet_backbone(depth=18, norm="bn", out_levels=(3,), weights=path).eval()
    images = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(reloaded(images)[0], trained(images)[0], rtol=0, atol=0)


def test_a_mobilenet_pyramid_feeds_an_fpn_and_a_head() -> None:
    backbone = TorchvisionBackbone(
        model=torchvision.models.mobilenet_v3_small(),
        return_nodes={"features.3": "C3", "features.8": "C4", "features.12": "C5"},
    )
    neck = FPN(in_spec=backbone.feature_spec, channels=32, out_levels=(3, 4, 5, 6, 7))
    head = ClassificationHead(in_spec=neck.feature_spec, num_classes=2, level="P5")
    pyramid = neck(backbone(torch.rand(2, 3, 64, 64)))
    assert [tuple(p.shape[-2:]) for p in pyramid] == [(8, 8), (4, 4), (2, 2), (1, 1), (1, 1)]
    assert head(pyramid).shape == (2, 2)


def test_wrong_wiring_fails_before_any_tensor() -> None:
    backbone = TinyBackbone(out_levels=(4, 5))
    with pytest.raises(CompatibilityError, match="P3 is made from C3"):
        FPN(in_spec=backbone.feature_spec)


def test_nan_diagnosis_of_a_loss_names_the_module() -> None:
    backbone = TinyBackbone(channels=(4, 8, 8, 8))
    model = Classifier(
        backbone=backbone, head=ClassificationHead(in_spec=backbone.feature_spec, num_classes=2)
    )
    with torch.no_grad():
        model.get_parameter("head.fc.weight").fill_(float("nan"))
    images, labels = torch.rand(2, 3, 32, 32), torch.tensor([0, 1])
    assert model.loss(images, labels).total.isnan()
    report = find_first_nonfinite(model, lambda: model.loss(images, labels))
    assert report is not None
    assert report.where == "head.fc (Linear)"
    assert report.input_shapes == ((2, 8),)
    assert "its inputs were finite, so this module made them" in report.describe()


def test_autoencoder_from_parts_learns_to_reconstruct() -> None:
    model = AutoEncoder(
        encoder=ConvEncoder(channels=(8, 16), latent_channels=8),
        decoder=ConvDecoder(latent_channels=8, channels=(16, 8)),
    )
    images = torch.rand(4, 3, 16, 16)
    optimizer = cast(torch.optim.Optimizer, torch.optim.Adam(model.parameters(), lr=1e-2))
    first = model.loss(images).detached()["total"]
    for _ in range(10):
        optimizer.zero_grad()
        torch.autograd.backward(model.loss(images).total)
        optimizer.step()
    assert model.loss(images).detached()["total"] < first
