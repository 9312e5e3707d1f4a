"""Presets build through the builders and match torchvision's reference layouts."""

from collections.abc import Callable

import pytest
import torch
from torch import nn
from torchvision.models.detection import FCOS, RetinaNet
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.builders import build_detector
from plugtrain.config import ModelConfig
from plugtrain.models import Detector
from plugtrain.presets import (
    fcos_resnet50_fpn,
    fcos_resnet50_fpn_config,
    fcos_tiny_fpn,
    fcos_tiny_fpn_config,
    retinanet_resnet50_fpn,
    retinanet_resnet50_fpn_config,
)


def _counts(model: nn.Module) -> tuple[int, int]:
    parameters = list(model.parameters())
    total = sum(p.numel() for p in parameters)
    return total, sum(p.numel() for p in parameters if p.requires_grad)


def _torchvision_backbone() -> nn.Module:
    # torchvision's builders with ImageNet weights: frozen batch norm, 3 trainable stages
    return resnet_fpn_backbone(
        backbone_name="resnet50",
        weights=None,
        norm_layer=FrozenBatchNorm2d,
        trainable_layers=3,
        returned_layers=[2, 3, 4],
        extra_blocks=LastLevelP6P7(256, 256),
    )


def test_fcos_resnet50_fpn_has_torchvision_s_parameters() -> None:
    with torch.device("meta"):
        ours = fcos_resnet50_fpn(num_classes=3)
        reference = FCOS(_torchvision_backbone(), num_classes=3)
    assert _counts(ours) == _counts(reference)


def test_retinanet_resnet50_fpn_has_torchvision_s_parameters() -> None:
    with torch.device("meta"):
        ours = retinanet_resnet50_fpn(num_classes=3)
        reference = RetinaNet(_torchvision_backbone(), num_classes=3)
    assert _counts(ours) == _counts(reference)


@pytest.mark.parametrize(
    ("preset", "config"),
    [
        (fcos_resnet50_fpn, fcos_resnet50_fpn_config),
        (retinanet_resnet50_fpn, retinanet_resnet50_fpn_config),
        (fcos_tiny_fpn, fcos_tiny_fpn_config),
    ],
)
def test_a_preset_is_its_config_built_by_the_builders(
    preset: Callable[..., Detector], config: Callable[..., ModelConfig]
) -> None:
    made = config(5)
    assert made.head.num_classes == 5
    with torch.device("meta"):
        built = preset(num_classes=5)
        again = build_detector(made)
    assert {k: tuple(v.shape) for k, v in built.state_dict().items()} == {
        k: tuple(v.shape) for k, v in again.state_dict().items()
    }
    assert ModelConfig.model_validate(made.model_dump(mode="json")) == made


def test_the_tiny_preset_runs_on_a_cpu() -> None:
    torch.random.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves the seed untyped
    detector = fcos_tiny_fpn(num_classes=2).eval()
    with torch.no_grad():
        (found,) = detector([torch.rand(3, 96, 128)])
    assert found.boxes.shape[1] == 4
    assert detector.feature_spec.names == ("P3", "P4", "P5", "P6", "P7")
