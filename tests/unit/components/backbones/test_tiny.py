"""TinyBackbone and tiny_feature_spec."""

from collections.abc import Sequence

import pytest
import torch

from plugtrain.components import TinyBackbone, tiny_feature_spec
from plugtrain.errors import ArgumentError, ShapeError
from plugtrain.structures import FeatureSpec
from tests.unit.components.spec_check import assert_matches_spec


@pytest.mark.parametrize(
    ("channels", "out_levels", "size"),
    [
        ((16, 32, 64, 128), (3, 4, 5), (64, 64)),
        ((8, 8, 16, 16), (2, 3, 4, 5), (96, 64)),
        ((4, 8, 12, 16), (2,), (32, 64)),
    ],
)
def test_outputs_match_the_declared_spec(
    channels: Sequence[int], out_levels: Sequence[int], size: tuple[int, int]
) -> None:
    backbone = TinyBackbone(channels=channels, out_levels=out_levels)
    assert backbone.feature_spec == tiny_feature_spec(channels=channels, out_levels=out_levels)
    features = backbone(torch.rand(3, 3, *size))
    assert_matches_spec(features, backbone.feature_spec, batch=3, height=size[0], width=size[1])


def test_default_spec() -> None:
    assert tiny_feature_spec() == FeatureSpec.of(("C3", 32, 8), ("C4", 64, 16), ("C5", 128, 32))


def test_builds_no_stage_after_the_last_level() -> None:
    assert len(TinyBackbone(out_levels=(2, 3)).stages) == 2


def test_is_small() -> None:
    assert sum(p.numel() for p in TinyBackbone().parameters()) < 400_000


@pytest.mark.parametrize("channels", [(16, 32, 64), (16, 32, 0, 128), (16, 32, 64, True)])
def test_bad_channels_are_a_config_error(channels: tuple[int, ...]) -> None:
    with pytest.raises(ArgumentError, match=r"TinyBackbone: argument 'channels'.*4 positive ints"):
        TinyBackbone(channels=channels)


def test_bad_out_levels_are_a_config_error() -> None:
    with pytest.raises(
        ArgumentError, match=r"TinyBackbone: argument 'out_levels' received \(5, 6\)"
    ):
        TinyBackbone(out_levels=(5, 6))


def test_wrong_input_is_a_shape_error_naming_the_class() -> None:
    with pytest.raises(ShapeError, match=r"TinyBackbone\.forward.*\n.*size 4 does not equal 3"):
        TinyBackbone()(torch.rand(1, 4, 32, 32))
