"""The argument rules and the spec of ``TinyBackbone`` (torch-free)."""

from collections.abc import Sequence
from typing import Final

from plugtrain.errors import ArgumentError
from plugtrain.specs._arguments import is_count
from plugtrain.specs._feature_spec import FeatureSpec
from plugtrain.specs._levels import FIRST_LEVEL, LAST_LEVEL, pyramid_spec

__all__ = ["check_tiny_channels", "tiny_feature_spec"]

_STAGES: Final = LAST_LEVEL - FIRST_LEVEL + 1


def check_tiny_channels(channels: Sequence[int]) -> tuple[int, ...]:
    """Four positive ints (the channels of C2..C5), else ``ArgumentError``."""
    values = tuple(channels)
    if len(values) != _STAGES or not all(is_count(c) for c in values):
        raise ArgumentError(
            part="TinyBackbone",
            argument="channels",
            received=values,
            expected=f"{_STAGES} positive ints, the channels of C2, C3, C4, C5",
            fix="pass e.g. channels=(16, 32, 64, 128)",
        )
    return values


def tiny_feature_spec(
    *, channels: Sequence[int] = (16, 32, 64, 128), out_levels: Sequence[int] = (3, 4, 5)
) -> FeatureSpec:
    """The spec of ``TinyBackbone(channels=..., out_levels=...)`` without building it."""
    return pyramid_spec(
        part="TinyBackbone", channels=check_tiny_channels(channels), out_levels=out_levels
    )
