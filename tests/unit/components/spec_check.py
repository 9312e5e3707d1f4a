"""Assert that real feature maps are what a FeatureSpec declares."""

import math

from torch import Tensor

from plugtrain.structures import FeatureSpec

__all__ = ["assert_matches_spec"]


def assert_matches_spec(
    features: list[Tensor], spec: FeatureSpec, *, batch: int, height: int, width: int
) -> None:
    """One map per level: ``(batch, channels, ceil(height / stride), ceil(width / stride))``."""
    assert len(features) == len(spec), (len(features), str(spec))
    for feature, level in zip(features, spec, strict=True):
        expected = (
            batch,
            level.channels,
            math.ceil(height / level.stride),
            math.ceil(width / level.stride),
        )
        assert tuple(feature.shape) == expected, (level.name, tuple(feature.shape), expected)
