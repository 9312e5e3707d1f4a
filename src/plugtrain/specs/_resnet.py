"""The argument rules and the spec of ``ResNetBackbone`` (torch-free)."""

from collections.abc import Sequence
from typing import Final, Literal

from plugtrain.errors import ArgumentError
from plugtrain.specs._arguments import is_int
from plugtrain.specs._feature_spec import FeatureSpec
from plugtrain.specs._levels import pyramid_spec

__all__ = [
    "RESNET_DEPTHS",
    "RESNET_NORMS",
    "ResNetDepth",
    "ResNetNorm",
    "check_frozen_stages",
    "check_resnet_norm",
    "resnet_channels",
    "resnet_feature_spec",
]

ResNetDepth = Literal[18, 34, 50, 101]
ResNetNorm = Literal["frozen_bn", "bn", "gn"]

RESNET_DEPTHS: Final = (18, 34, 50, 101)
RESNET_NORMS: Final = ("frozen_bn", "bn", "gn")
_BASE_CHANNELS: Final = (64, 128, 256, 512)
_EXPANSION: Final = {18: 1, 34: 1, 50: 4, 101: 4}
_MAX_FROZEN: Final = 5


def resnet_channels(expansion: int) -> tuple[int, ...]:
    """Channels of C2..C5 of a ResNet whose blocks expand by ``expansion`` (1 or 4)."""
    return tuple(channels * expansion for channels in _BASE_CHANNELS)


def resnet_feature_spec(
    *, depth: ResNetDepth, out_levels: Sequence[int] = (3, 4, 5)
) -> FeatureSpec:
    """The spec of ``build_resnet_backbone(depth=..., out_levels=...)`` without building it.

    ResNet-18/34 make 64, 128, 256, 512 channels at C2..C5; ResNet-50/101 make 256, 512,
    1024, 2048.
    """
    expansion = _EXPANSION.get(depth)
    if expansion is None:
        raise ArgumentError(
            part="ResNetBackbone",
            argument="depth",
            received=depth,
            expected=f"one of {list(RESNET_DEPTHS)}",
            fix="pick a depth torchvision builds (18, 34, 50 or 101)",
        )
    return pyramid_spec(
        part="ResNetBackbone", channels=resnet_channels(expansion), out_levels=out_levels
    )


def check_frozen_stages(frozen_stages: object) -> int:
    """``frozen_stages`` as an int in [0, 5], else ``ArgumentError``."""
    if (
        isinstance(frozen_stages, int)
        and is_int(frozen_stages)
        and 0 <= frozen_stages <= _MAX_FROZEN
    ):
        return frozen_stages
    raise ArgumentError(
        part="ResNetBackbone",
        argument="frozen_stages",
        received=frozen_stages,
        expected=f"an int in [0, {_MAX_FROZEN}] (0 trains all, 1 freezes the stem, "
        f"k freezes the stem and layer1..layer(k-1))",
        fix="use 5 - trainable_layers if you think in torchvision's terms",
    )


def check_resnet_norm(norm: object) -> ResNetNorm:
    """``norm`` as one of ``frozen_bn``, ``bn``, ``gn``, else ``ArgumentError``."""
    if norm == "frozen_bn":
        return "frozen_bn"
    if norm == "bn":
        return "bn"
    if norm == "gn":
        return "gn"
    raise ArgumentError(
        part="ResNetBackbone",
        argument="norm",
        received=norm,
        expected=f"one of {list(RESNET_NORMS)}",
        fix="use 'frozen_bn' for pretrained weights, 'bn' or 'gn' to train the statistics",
    )
