"""FPN over backbone levels: specs, wiring errors, torchvision parity."""

from collections.abc import Sequence
from typing import Literal

import pytest
import torch
from torchvision.models.detection.backbone_utils import BackboneWithFPN, resnet_fpn_backbone
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.components import FPN, TinyBackbone, build_resnet_backbone, fpn_feature_spec
from plugtrain.errors import ArgumentError, CompatibilityError, ShapeError
from plugtrain.structures import FeatureSpec
from tests.unit.components.spec_check import assert_matches_spec

_TINY = TinyBackbone(channels=(8, 16, 24, 32), out_levels=(2, 3, 4, 5))


@pytest.mark.parametrize(
    ("out_levels", "extra_source", "norm"),
    [
        ((3, 4, 5, 6, 7), "p5", "none"),
        ((3, 4, 5, 6, 7), "c5", "none"),
        ((2, 3, 4, 5), "p5", "gn"),
        ((4, 5, 6, 7), "c5", "gn"),
        ((3, 4), "p5", "none"),
    ],
)
@pytest.mark.parametrize("size", [(64, 64), (96, 160)])
def test_outputs_match_the_declared_spec(
    out_levels: Sequence[int],
    extra_source: Literal["p5", "c5"],
    norm: Literal["none", "gn"],
    size: tuple[int, int],
) -> None:
    neck = FPN(
        in_spec=_TINY.feature_spec,
        channels=32,
        out_levels=out_levels,
        extra_source=extra_source,
        norm=norm,
    )
    assert neck.feature_spec == fpn_feature_spec(
        in_spec=_TINY.feature_spec, channels=32, out_levels=out_levels
    )
    assert neck.in_spec == _TINY.feature_spec
    outputs = neck(_TINY(torch.rand(2, 3, *size)))
    assert_matches_spec(outputs, neck.feature_spec, batch=2, height=size[0], width=size[1])


def test_default_spec_is_p3_to_p7() -> None:
    spec = fpn_feature_spec(in_spec=_TINY.feature_spec)
    assert spec == FeatureSpec.of(
        ("P3", 256, 8), ("P4", 256, 16), ("P5", 256, 32), ("P6", 256, 64), ("P7", 256, 128)
    )


def test_extra_source_decides_where_p6_comes_from() -> None:
    from_p5 = FPN(in_spec=_TINY.feature_spec, channels=32, extra_source="p5")
    # C5 has 32 channels too, which torchvision alone would read as "from P5"
    from_c5 = FPN(in_spec=_TINY.feature_spec, channels=32, extra_source="c5")
    p6_p5 = from_p5.fpn.extra_blocks
    p6_c5 = from_c5.fpn.extra_blocks
    assert isinstance(p6_p5, LastLevelP6P7)
    assert isinstance(p6_c5, LastLevelP6P7)
    assert p6_p5.use_P5
    assert not p6_c5.use_P5


def _torchvision_fpn(extra_in: int) -> BackboneWithFPN:
    return resnet_fpn_backbone(
        backbone_name="resnet18",
        weights=None,
        trainable_layers=5,
        returned_layers=[2, 3, 4],
        extra_blocks=LastLevelP6P7(extra_in, 256),
    ).eval()


@pytest.mark.parametrize(("extra_source", "extra_in"), [("p5", 256), ("c5", 512)])
def test_torchvision_fpn_state_dict_loads_and_outputs_are_equal(
    extra_source: Literal["p5", "c5"], extra_in: int
) -> None:
    reference = _torchvision_fpn(extra_in)
    backbone = build_resnet_backbone(depth=18).eval()
    backbone.load_state_dict(
        {k.removeprefix("body."): v for k, v in reference.state_dict().items() if "body." in k}
    )
    neck = FPN(in_spec=backbone.feature_spec, extra_source=extra_source).eval()
    neck.fpn.load_state_dict(reference.fpn.state_dict())
    images = torch.rand(1, 3, 64, 96)
    with torch.no_grad():
        expected = list(reference(images).values())
        actual = neck(backbone(images))
    assert len(actual) == len(expected) == 5
    for got, want in zip(actual, expected, strict=True):
        torch.testing.assert_close(got, want, rtol=0, atol=0)


def test_missing_level_is_a_compatibility_error_listing_both_specs() -> None:
    spec = FeatureSpec.of(("C4", 16, 16), ("C5", 32, 32))
    with pytest.raises(CompatibilityError) as caught:
        FPN(in_spec=spec, out_levels=(3, 4, 5))
    message = str(caught.value)
    assert "FPN output P3 is made from C3, which the backbone does not produce" in message
    assert "produced: backbone: [C4(16ch, stride 16), C5(32ch, stride 32)]" in message
    assert "expected: FPN(out_levels=(3, 4, 5)) needs C3(stride 8), C4(stride 16)" in message


def test_p6_without_c5_is_a_compatibility_error() -> None:
    spec = FeatureSpec.of(("C2", 8, 4), ("C3", 16, 8), ("C4", 24, 16))
    with pytest.raises(CompatibilityError, match=r"P5 is made from C5.*P6 and P7 .* need C5"):
        FPN(in_spec=spec)


def test_stride_gap_is_a_compatibility_error() -> None:
    spec = FeatureSpec.of(("C3", 16, 8), ("C4", 24, 32), ("C5", 32, 64))
    with pytest.raises(CompatibilityError, match=r"C4 must have stride 16.*has stride 32.*gap"):
        FPN(in_spec=spec, out_levels=(3, 4, 5))


def test_spec_function_raises_what_the_constructor_raises() -> None:
    spec = FeatureSpec.of(("C4", 16, 16), ("C5", 32, 32))
    with pytest.raises(CompatibilityError, match="P3 is made from C3"):
        fpn_feature_spec(in_spec=spec, out_levels=(3, 4, 5))


@pytest.mark.parametrize("out_levels", [(), (3, 5), (3, 4, 5, 6), (1, 2), (3, 4, 5, 6, 7, 8)])
def test_bad_out_levels_are_a_config_error(out_levels: tuple[int, ...]) -> None:
    with pytest.raises(ArgumentError, match=r"FPN: argument 'out_levels' .*consecutive levels"):
        FPN(in_spec=_TINY.feature_spec, out_levels=out_levels)


def test_group_norm_needs_a_multiple_of_32_channels() -> None:
    with pytest.raises(
        ArgumentError, match=r"FPN: argument 'channels' received 48.*multiple of 32.*64"
    ):
        FPN(in_spec=_TINY.feature_spec, channels=48, norm="gn")


def test_bad_scalars_are_config_errors() -> None:
    with pytest.raises(ArgumentError, match=r"FPN: argument 'channels' received 0"):
        FPN(in_spec=_TINY.feature_spec, channels=0)
    with pytest.raises(ArgumentError, match=r"FPN: argument 'extra_source' received 'p6'"):
        FPN(in_spec=_TINY.feature_spec, extra_source="p6")  # type: ignore[arg-type]  # under test
    with pytest.raises(ArgumentError, match=r"FPN: argument 'norm' received 'ln'"):
        FPN(in_spec=_TINY.feature_spec, norm="ln")  # type: ignore[arg-type]  # under test


def test_wrong_number_of_inputs_is_a_shape_error() -> None:
    neck = FPN(in_spec=_TINY.feature_spec, channels=32)
    features = _TINY(torch.rand(1, 3, 64, 64))
    with pytest.raises(
        ShapeError, match=r"FPN\.forward.*\n.*got 3 feature maps, FPN was built for 4"
    ):
        neck(features[1:])


def test_wrong_channels_is_a_shape_error() -> None:
    neck = FPN(in_spec=_TINY.feature_spec, channels=32)
    features = _TINY(torch.rand(1, 3, 64, 64))
    features[2] = torch.rand(1, 7, 4, 4)
    with pytest.raises(
        ShapeError, match=r"'features\[2\]'.*\n.*C4 has 7 channels, FPN was built for 24"
    ):
        neck(features)


def test_wrong_rank_is_a_shape_error() -> None:
    neck = FPN(in_spec=_TINY.feature_spec, channels=32)
    features = _TINY(torch.rand(1, 3, 64, 64))
    features[0] = features[0][0]
    with pytest.raises(
        ShapeError, match=r"FPN\.forward: argument 'features\[0\]'.*\n.*3 dimensions"
    ):
        neck(features)
