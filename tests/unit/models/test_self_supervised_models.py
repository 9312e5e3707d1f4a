"""BackboneEncoder (a backbone as an AutoEncoder's encoder) and ContrastiveModel."""

from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike's parameter open

from plugtrain.components import FPN, ProjectionHead, ReconstructionHead, TinyBackbone
from plugtrain.components.backbones import load_backbone_weights
from plugtrain.errors import CompatibilityError
from plugtrain.models import AutoEncoder, BackboneEncoder, ContrastiveModel
from plugtrain.structures import FeatureSpec


def _backbone() -> TinyBackbone:
    return TinyBackbone(channels=(8, 16, 32, 64), out_levels=(3, 4))


def test_a_backbone_auto_encoder_remakes_the_input_size() -> None:
    backbone = _backbone()
    model = AutoEncoder(
        encoder=BackboneEncoder(backbone=backbone),
        decoder=ReconstructionHead(in_spec=backbone.feature_spec),
    )
    assert (model.latent_channels, model.reduction) == (32, 16)
    images = torch.randn(2, 3, 32, 48)
    assert model.encode(images).shape == (2, 32, 2, 3)
    assert model(images).shape == images.shape


def test_l1_or_mse() -> None:
    backbone = _backbone()
    model = AutoEncoder(
        encoder=BackboneEncoder(backbone=backbone),
        decoder=ReconstructionHead(in_spec=backbone.feature_spec),
    )
    model.eval()
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        error = model(images) - images
        torch.testing.assert_close(model.loss(images, kind="l1").total, error.abs().mean())
        torch.testing.assert_close(model.loss(images).total, error.square().mean())


def test_an_encoder_behind_a_neck_reads_its_levels() -> None:
    backbone = _backbone()
    neck = FPN(in_spec=backbone.feature_spec, channels=16, out_levels=(3, 4))
    encoder = BackboneEncoder(backbone=backbone, neck=neck, level="P3")
    assert (encoder.level, encoder.latent_channels, encoder.reduction) == ("P3", 16, 8)
    assert encoder(torch.randn(1, 3, 32, 32)).shape == (1, 16, 4, 4)


def test_a_decoder_of_another_level_does_not_fit() -> None:
    backbone = _backbone()
    with pytest.raises(CompatibilityError, match="the encoder makes 32 latent channels"):
        AutoEncoder(
            encoder=BackboneEncoder(backbone=backbone),
            decoder=ReconstructionHead(in_spec=backbone.feature_spec, level="C3"),
        )


def test_contrastive_model_projects_and_represents() -> None:
    backbone = _backbone()
    model = ContrastiveModel(
        backbone=backbone, head=ProjectionHead(in_spec=backbone.feature_spec, out_dim=8)
    )
    images = torch.randn(4, 3, 32, 32)
    assert model(images).shape == (4, 8)
    assert model.represent(images).shape == (4, 32)
    loss = model.loss(images, images.flip(-1), temperature=0.2)
    assert set(loss.terms) == {"contrastive"}
    torch.autograd.backward(loss.total)
    first = next(model.backbone.parameters())
    assert first.grad is not None
    assert float(first.grad.abs().sum()) > 0


def test_contrastive_checkpoint_keys_carry_the_backbone_prefix() -> None:
    backbone = _backbone()
    model = ContrastiveModel(backbone=backbone, head=ProjectionHead(in_spec=backbone.feature_spec))
    keys = set(model.state_dict())
    assert {f"backbone.{key}" for key in backbone.state_dict()} <= keys


def test_a_head_built_for_another_spec() -> None:
    with pytest.raises(CompatibilityError, match="ProjectionHead"):
        ContrastiveModel(
            backbone=_backbone(), head=ProjectionHead(in_spec=FeatureSpec.of(("C5", 64, 32)))
        )


def test_an_autoencoder_checkpoint_loads_as_backbone_weights(tmp_path: Path) -> None:
    backbone = _backbone()
    model = AutoEncoder(
        encoder=BackboneEncoder(backbone=backbone),
        decoder=ReconstructionHead(in_spec=backbone.feature_spec),
    )
    file = tmp_path / "last.safetensors"
    save_file({f"model.{k}": v.contiguous() for k, v in model.state_dict().items()}, str(file))
    fresh = _backbone()
    report = load_backbone_weights(fresh, file)
    assert report.prefix == "model.encoder.backbone."
    for key, value in fresh.state_dict().items():
        torch.testing.assert_close(value, backbone.state_dict()[key])
