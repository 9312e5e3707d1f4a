"""Convolution towers of the dense heads, laid out as torchvision's.

Submodule names and indices equal torchvision's ``FCOSHead`` and ``RetinaNetHead``
(``classification_head.conv``/``cls_logits``, ``regression_head.conv``/``bbox_reg``/
``bbox_ctrness``), so their state dicts load unchanged.
"""

import math
from functools import partial
from typing import Final, Literal, final

from torch import Tensor, nn
from torchvision.ops import Conv2dNormActivation

from plugtrain.components._arguments import invalid_argument

__all__ = [
    "GN_GROUPS",
    "ClassificationBranch",
    "HeadNorm",
    "check_head_arguments",
    "fcos_tower",
    "init_conv",
    "is_positive_int",
    "retinanet_tower",
    "to_rows",
]

HeadNorm = Literal["gn", "none"]

GN_GROUPS: Final = 32
_CONV_STD: Final = 0.01


def is_positive_int(value: object, *, minimum: int = 1) -> bool:
    """An int (not a bool) of at least ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def check_head_arguments(
    part: str,
    *,
    channels: int,
    num_classes: object,
    num_convs: object,
    norm: object,
    prior_probability: float,
) -> None:
    """``ConfigError`` for arguments no head can be built with."""
    if not 0.0 < prior_probability < 1.0:
        raise invalid_argument(
            part,
            "prior_probability",
            received=prior_probability,
            expected="a probability strictly between 0 and 1",
            fix="pass prior_probability=0.01 (the focal-loss paper's choice)",
        )
    if not is_positive_int(num_classes):
        raise invalid_argument(
            part,
            "num_classes",
            received=num_classes,
            expected="a positive int, the number of foreground classes (no background class)",
            fix="pass the number of classes of your data set; labels are 0 .. num_classes - 1",
        )
    if not is_positive_int(num_convs, minimum=0):
        raise invalid_argument(
            part,
            "num_convs",
            received=num_convs,
            expected="an int >= 0, the 3x3 convolutions of each tower",
            fix="pass num_convs=4 (the FCOS and RetinaNet papers' choice)",
        )
    if norm not in ("gn", "none"):
        raise invalid_argument(
            part, "norm", received=norm, expected="'gn' or 'none'", fix="pass norm='gn'"
        )
    if norm == "gn" and (channels % GN_GROUPS or channels < 2 * GN_GROUPS):
        raise invalid_argument(
            part,
            "norm",
            received=f"'gn' over {channels} channels",
            expected=f"channels divisible by {GN_GROUPS} and at least {2 * GN_GROUPS} for "
            f"GroupNorm({GN_GROUPS}) (with one channel per group a 1x1 level has nothing to "
            "normalise and GroupNorm fails)",
            fix=f"give the neck a multiple of {GN_GROUPS} channels, at least {2 * GN_GROUPS}, "
            "or pass norm='none'",
        )


def init_conv(conv: nn.Conv2d, *, bias: float = 0.0) -> None:
    """torchvision's head initialisation: weights ~ N(0, 0.01), constant bias."""
    nn.init.normal_(conv.weight, std=_CONV_STD)
    if conv.bias is not None:
        nn.init.constant_(conv.bias, bias)


def fcos_tower(channels: int, num_convs: int, norm: HeadNorm) -> nn.Sequential:
    """(conv 3x3, norm, ReLU) x ``num_convs``; norm ``none`` keeps the slot as Identity."""
    layers: list[nn.Module] = []
    for _ in range(num_convs):
        conv = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1)
        init_conv(conv)
        layers += [
            conv,
            nn.GroupNorm(GN_GROUPS, channels) if norm == "gn" else nn.Identity(),
            nn.ReLU(),
        ]
    return nn.Sequential(*layers)


def retinanet_tower(channels: int, num_convs: int, norm: HeadNorm) -> nn.Sequential:
    """``Conv2dNormActivation`` x ``num_convs`` (conv without bias when normalised)."""
    norm_layer = partial(nn.GroupNorm, GN_GROUPS) if norm == "gn" else None
    tower = nn.Sequential(
        *(Conv2dNormActivation(channels, channels, norm_layer=norm_layer) for _ in range(num_convs))
    )
    for layer in tower.modules():
        if isinstance(layer, nn.Conv2d):
            init_conv(layer)
    return tower


def to_rows(x: Tensor, width: int) -> Tensor:
    """(batch, anchors * width, height, w) -> (batch, height * w * anchors, width)."""
    batch, _, height, columns = x.shape
    x = x.view(batch, -1, width, height, columns).permute(0, 3, 4, 1, 2)
    return x.reshape(batch, -1, width)


@final
class ClassificationBranch(nn.Module):
    """``conv`` tower then ``cls_logits`` (bias set for a prior foreground probability)."""

    def __init__(
        self,
        *,
        tower: nn.Sequential,
        channels: int,
        anchors: int,
        num_classes: int,
        prior_probability: float,
    ) -> None:
        super().__init__()
        self.num_classes: Final = num_classes
        self.conv = tower
        self.cls_logits = nn.Conv2d(channels, anchors * num_classes, 3, stride=1, padding=1)
        init_conv(self.cls_logits, bias=-math.log((1 - prior_probability) / prior_probability))

    def forward(self, x: Tensor) -> Tensor:
        """(batch, channels, h, w) -> (batch, h * w * anchors, num_classes) logits."""
        logits: Tensor = self.cls_logits(self.conv(x))
        return to_rows(logits, self.num_classes)
