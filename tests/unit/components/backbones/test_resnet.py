"""ResNetBackbone, build_resnet_backbone and resnet_feature_spec."""

from collections.abc import Sequence
from typing import Literal

import pytest
import torch
import torchvision
from torch import nn
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d

from plugtrain.components import ResNetBackbone, build_resnet_backbone, resnet_feature_spec
from plugtrain.errors import ArgumentError, ShapeError
from plugtrain.structures import FeatureSpec
from tests.unit.components.spec_check import assert_matches_spec


@pytest.mark.parametrize(
    ("out_levels", "size"),
    [((3, 4, 5), (64, 64)), ((2, 3, 4, 5), (64, 96)), ((4,), (96, 64)), ((2, 3), (32, 32))],
)
def test_resnet18_outputs_match_the_declared_spec(
    out_levels: Sequence[int], size: tuple[int, int]
) -> None:
    backbone = build_resnet_backbone(depth=18, out_levels=out_levels).eval()
    assert backbone.feature_spec == resnet_feature_spec(depth=18, out_levels=out_levels)
    with torch.no_grad():
        features = backbone(torch.rand(2, 3, *size))
    assert_matches_spec(features, backbone.feature_spec, batch=2, height=size[0], width=size[1])


@pytest.mark.parametrize("norm", ["bn", "gn"])
def test_each_norm_runs_and_matches_the_spec(norm: Literal["bn", "gn"]) -> None:
    backbone = build_resnet_backbone(depth=18, norm=norm)
    features = backbone(torch.rand(2, 3, 64, 64))
    assert_matches_spec(features, backbone.feature_spec, batch=2, height=64, width=64)
    kinds = {type(m) for m in backbone.modules()}
    assert (nn.BatchNorm2d if norm == "bn" else nn.GroupNorm) in kinds
    assert FrozenBatchNorm2d not in kinds


def test_default_norm_is_frozen_batch_norm() -> None:
    backbone = build_resnet_backbone(depth=18)
    assert isinstance(backbone.bn1, FrozenBatchNorm2d)


def test_feature_spec_of_every_depth_without_building() -> None:
    small = resnet_feature_spec(depth=34, out_levels=(2, 3, 4, 5))
    large = resnet_feature_spec(depth=101, out_levels=(2, 3, 4, 5))
    assert small == FeatureSpec.of(("C2", 64, 4), ("C3", 128, 8), ("C4", 256, 16), ("C5", 512, 32))
    assert large.channels == (256, 512, 1024, 2048)
    assert large.strides == (4, 8, 16, 32)
    assert resnet_feature_spec(depth=50).names == ("C3", "C4", "C5")


def test_resnet50_on_the_meta_device_matches_its_spec() -> None:
    with torch.device("meta"):
        resnet = torchvision.models.resnet50()
        backbone = ResNetBackbone(resnet=resnet, out_levels=(2, 3, 4, 5))
        features = backbone(torch.empty(1, 3, 128, 96))
    assert backbone.feature_spec == resnet_feature_spec(depth=50, out_levels=(2, 3, 4, 5))
    assert_matches_spec(features, backbone.feature_spec, batch=1, height=128, width=96)


def test_keeps_torchvisions_module_names_so_its_body_state_dict_loads() -> None:
    reference = resnet_fpn_backbone(
        backbone_name="resnet18", weights=None, trainable_layers=5, returned_layers=[2, 3, 4]
    ).eval()
    body = {
        key.removeprefix("body."): value
        for key, value in reference.state_dict().items()
        if key.startswith("body.")
    }
    backbone = build_resnet_backbone(depth=18).eval()
    assert set(backbone.state_dict()) == set(body)
    backbone.load_state_dict(body)
    images = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        expected = list(reference.body(images).values())
        actual = backbone(images)
    for got, want in zip(actual, expected, strict=True):
        torch.testing.assert_close(got, want, rtol=0, atol=0)


def test_drops_stages_after_the_last_level_and_the_classifier() -> None:
    backbone = build_resnet_backbone(depth=18, out_levels=(2, 3))
    names = {name for name, _ in backbone.named_children()}
    assert names == {"conv1", "bn1", "relu", "maxpool", "layer1", "layer2"}


@pytest.mark.parametrize(
    ("frozen_stages", "frozen"),
    [
        (0, set[str]()),
        (1, {"conv1", "bn1"}),
        (2, {"conv1", "bn1", "layer1"}),
        (3, {"conv1", "bn1", "layer1", "layer2"}),
        (5, {"conv1", "bn1", "layer1", "layer2", "layer3", "layer4"}),
    ],
)
def test_frozen_stages_freeze_the_stem_then_stages(frozen_stages: int, frozen: set[str]) -> None:
    backbone = build_resnet_backbone(depth=18, norm="bn", frozen_stages=frozen_stages)
    for name, parameter in backbone.named_parameters():
        assert parameter.requires_grad == (name.split(".")[0] not in frozen), name


def test_frozen_stages_get_no_gradient_and_stay_in_eval_mode() -> None:
    backbone = build_resnet_backbone(depth=18, norm="bn", frozen_stages=2).train()
    assert not backbone.bn1.training
    assert not backbone.get_submodule("layer1").training
    assert backbone.get_submodule("layer2").training
    before = backbone.get_buffer("layer1.0.bn1.running_mean").clone()
    features = backbone(torch.rand(2, 3, 64, 64))
    torch.autograd.backward(torch.stack([f.sum() for f in features]).sum())
    assert backbone.conv1.weight.grad is None
    assert backbone.get_parameter("layer2.0.conv1.weight").grad is not None
    torch.testing.assert_close(backbone.get_buffer("layer1.0.bn1.running_mean"), before)


def test_frozen_stages_out_of_range_is_a_config_error() -> None:
    with pytest.raises(
        ArgumentError, match=r"ResNetBackbone: argument 'frozen_stages'.*received 6.*\[0, 5\]"
    ):
        build_resnet_backbone(depth=18, frozen_stages=6)


@pytest.mark.parametrize("out_levels", [(), (1, 2), (3, 6), (4, 3), (3, 3)])
def test_bad_out_levels_are_a_config_error(out_levels: tuple[int, ...]) -> None:
    with pytest.raises(ArgumentError, match=r"out_levels.*strictly increasing.*\[2, 5\]"):
        build_resnet_backbone(depth=18, out_levels=out_levels)


def test_unknown_depth_and_norm_are_config_errors() -> None:
    with pytest.raises(
        ArgumentError, match=r"ResNetBackbone: argument 'depth' received 19.*\[18, 34, 50, 101\]"
    ):
        resnet_feature_spec(depth=19)  # type: ignore[arg-type]  # the error under test
    with pytest.raises(
        ArgumentError, match=r"argument 'norm' received 'batch'.*'frozen_bn', 'bn', 'gn'"
    ):
        build_resnet_backbone(depth=18, norm="batch")  # type: ignore[arg-type]  # the error under test


def test_dilated_resnet_is_refused() -> None:
    with torch.device("meta"):  # only BottleNeck ResNets can dilate
        resnet = torchvision.models.resnet50(replace_stride_with_dilation=[False, False, True])
    with pytest.raises(ArgumentError, match="replace_stride_with_dilation"):
        ResNetBackbone(resnet=resnet)


def test_wrong_channel_count_is_a_shape_error_naming_the_class() -> None:
    backbone = build_resnet_backbone(depth=18)
    with pytest.raises(ShapeError, match=r"ResNetBackbone\.forward: argument 'images'") as caught:
        backbone(torch.rand(2, 1, 64, 64))
    assert "size 1 does not equal 3" in str(caught.value)
    assert "shape=(2, 1, 64, 64)" in str(caught.value)


def test_wrong_rank_is_a_shape_error() -> None:
    backbone = build_resnet_backbone(depth=18)
    with pytest.raises(ShapeError, match=r"ResNetBackbone\.forward.*\n.*3 dimensions, not the 4"):
        backbone(torch.rand(3, 64, 64))


def test_wrong_dtype_is_a_shape_error_not_a_torch_error() -> None:
    backbone = build_resnet_backbone(depth=18)
    with pytest.raises(ShapeError, match=r"dtype=float64.*\n.*expected: images of dtype float32"):
        backbone(torch.rand(1, 3, 64, 64, dtype=torch.float64))
