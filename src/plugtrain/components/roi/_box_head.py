"""Box heads: pooled region features in, one feature vector per region out.

Both wrap torchvision's modules unchanged (``TwoMLPHead`` of Faster R-CNN and
``FastRCNNConvFCHead`` of Faster R-CNN v2), so their state dicts load into ``layers``.
"""

from abc import ABC
from collections.abc import Sequence
from functools import partial
from typing import Final, Literal, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.models.detection.faster_rcnn import FastRCNNConvFCHead, TwoMLPHead

from plugtrain.components._arguments import invalid_argument
from plugtrain.components.heads._arguments import check_positive_int, is_positive_int
from plugtrain.components.roi._pooler import PooledSpec
from plugtrain.errors import ShapeError
from plugtrain.typing import checked

__all__ = ["BoxHead", "ConvFCBoxHead", "TwoMLPBoxHead"]


class BoxHead(nn.Module, ABC):
    """(regions, channels, height, width) pooled features -> (regions, ``out_features``).

    Subclasses are ``@final`` and build ``layers`` (a torchvision module) for the
    ``in_spec`` of a pooler; the base checks the pooled shape and runs ``layers``.
    """

    layers: nn.Module

    def __init__(self, *, in_spec: PooledSpec, out_features: int) -> None:
        super().__init__()
        self._in_spec: Final = in_spec
        self._out: Final = out_features

    @property
    def in_spec(self) -> PooledSpec:
        """The pooled features this head was built to take."""
        return self._in_spec

    @property
    def out_features(self) -> int:
        """Features per region."""
        return self._out

    @checked
    def forward(
        self, pooled: Float[Tensor, "rois channels height width"]
    ) -> Float[Tensor, "rois features"]:
        """One feature vector per region."""
        _check_pooled(type(self).__name__, pooled, self._in_spec)
        features: Tensor = self.layers(pooled)
        return features


def _check_pooled(component: str, pooled: Tensor, spec: PooledSpec) -> None:
    found = tuple(int(n) for n in pooled.shape[1:])
    if found != (spec.channels, spec.height, spec.width):
        raise ShapeError(
            component=component,
            method="forward",
            argument="pooled",
            expected=f"(rois, {spec.channels}, {spec.height}, {spec.width}): {spec}",
            actual=f"Tensor shape={tuple(pooled.shape)}",
            bindings={},
            reason=f"the regions are {found[0]}x{found[1]}x{found[2]}, the head was built "
            f"for {spec}",
            fix=f"build {component} with in_spec=pooler.out_spec",
        )


@final
class TwoMLPBoxHead(BoxHead):
    """Flatten, then two fully connected layers with ReLU (Faster R-CNN's ``TwoMLPHead``)."""

    def __init__(self, *, in_spec: PooledSpec, representation_size: int = 1024) -> None:
        size = check_positive_int(
            "TwoMLPBoxHead",
            "representation_size",
            representation_size,
            meaning="features per region",
            fix="pass 1024",
        )
        super().__init__(in_spec=in_spec, out_features=size)
        self.layers = TwoMLPHead(in_spec.channels * in_spec.height * in_spec.width, size)


@final
class ConvFCBoxHead(BoxHead):
    """3x3 convolutions (``conv_layers`` channels each, with BatchNorm when
    ``norm="bn"``), flatten, then fully connected layers (``fc_layers``) with ReLU:
    Faster R-CNN v2's ``FastRCNNConvFCHead`` (4 x 256 convs, one 1024 layer)."""

    def __init__(
        self,
        *,
        in_spec: PooledSpec,
        conv_layers: Sequence[int] = (256, 256, 256, 256),
        fc_layers: Sequence[int] = (1024,),
        norm: Literal["bn", "none"] = "bn",
    ) -> None:
        convs, fcs = tuple(conv_layers), tuple(fc_layers)
        for name, values, minimum in (("conv_layers", convs, 0), ("fc_layers", fcs, 1)):
            if len(values) < minimum or not all(is_positive_int(v) for v in values):
                raise invalid_argument(
                    "ConvFCBoxHead",
                    name,
                    received=values,
                    expected=f"at least {minimum} positive ints (channels or features)",
                    fix="pass conv_layers=(256,) * 4, fc_layers=(1024,)",
                )
        if norm not in ("bn", "none"):
            raise invalid_argument(
                "ConvFCBoxHead", "norm", received=norm, expected="'bn' or 'none'", fix="'bn'"
            )
        super().__init__(in_spec=in_spec, out_features=fcs[-1])
        self.norm: Final = norm
        self.layers = FastRCNNConvFCHead(
            (in_spec.channels, in_spec.height, in_spec.width),
            list(convs),
            list(fcs),
            norm_layer=partial(nn.BatchNorm2d) if norm == "bn" else None,
        )
