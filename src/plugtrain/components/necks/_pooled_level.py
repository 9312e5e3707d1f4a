"""ExtraPooledLevel: a neck's pyramid plus one coarser level, max-pooled from its last.

Faster R-CNN's FPN has this level ("pool", torchvision's ``LastLevelMaxPool``: a 1x1
max pool with stride 2 over P5); its RPN proposes on it, its RoI pooler does not use it.
"""

from typing import Final, final

from torch import Tensor
from torch.nn import functional

from plugtrain.components._interfaces import FeatureMaps, Neck
from plugtrain.structures import FeatureSpec, LevelSpec
from plugtrain.typing import checked

__all__ = ["ExtraPooledLevel"]


@final
class ExtraPooledLevel(Neck):
    """``neck``'s levels, then ``P{k+1}`` (twice the last stride, same channels), as
    torchvision's ``LastLevelMaxPool``. No parameters of its own."""

    def __init__(self, *, neck: Neck) -> None:
        super().__init__()
        last = neck.feature_spec.levels[-1]
        number = last.name.lstrip("PC")
        name = f"P{int(number) + 1}" if number.isdigit() else f"{last.name}_pool"
        self.neck = neck
        self._spec: Final = FeatureSpec(
            (*neck.feature_spec.levels, LevelSpec(name, last.channels, last.stride * 2))
        )

    @property
    def in_spec(self) -> FeatureSpec:
        return self.neck.in_spec

    @property
    def feature_spec(self) -> FeatureSpec:
        return self._spec

    @checked
    def forward(self, features: FeatureMaps) -> FeatureMaps:
        levels: list[Tensor] = self.neck(features)
        return [*levels, functional.max_pool2d(levels[-1], 1, 2, 0)]
