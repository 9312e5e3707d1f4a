"""Convolution towers of the dense heads, laid out as torchvision's.

Submodule names and indices equal torchvision's ``FCOSHead`` and ``RetinaNetHead``
(``classification_head.conv``/``cls_logits``, ``regression_head.conv``/``bbox_reg``/
``bbox_ctrness``), so their state dicts load unchanged.
"""

import math
from collections.abc import Callable
from functools import partial
from typing import Final, final

from torch import Tensor, nn
from torchvision.ops import Conv2dNormActivation

from plugtrain.components.heads._arguments import GN_GROUPS, HeadNorm

__all__ = [
    "BoxBranch",
    "ClassificationBranch",
    "Tower",
    "fcos_tower",
    "init_conv",
    "retinanet_tower",
    "to_rows",
]

Tower = Callable[[int, int, HeadNorm], nn.Sequential]
"""Builds a head tower from (channels, convolutions, norm)."""

_CONV_STD: Final = 0.01


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


@final
class BoxBranch(nn.Module):
    """``conv`` tower then ``bbox_reg``: 4 box-encoding values per anchor (RetinaNet's)."""

    def __init__(self, *, tower: nn.Sequential, channels: int, anchors: int) -> None:
        super().__init__()
        self.conv = tower
        self.bbox_reg = nn.Conv2d(channels, anchors * 4, kernel_size=3, stride=1, padding=1)
        init_conv(self.bbox_reg)

    def forward(self, x: Tensor) -> Tensor:
        """(batch, channels, h, w) -> (batch, h * w * anchors, 4)."""
        deltas: Tensor = self.bbox_reg(self.conv(x))
        return to_rows(deltas, 4)
