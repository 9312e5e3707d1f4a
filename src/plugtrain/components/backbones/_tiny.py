"""TinyBackbone: a small, fast CNN for tests and the CPU default (C2..C5, strides 4..32)."""

from collections.abc import Sequence
from typing import Final, cast, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.ops import Conv2dNormActivation

from plugtrain.components._feature_checks import check_images
from plugtrain.components._interfaces import Backbone, FeatureMaps
from plugtrain.specs import FIRST_LEVEL, FeatureSpec, tiny_feature_spec
from plugtrain.typing import checked

__all__ = ["TinyBackbone", "tiny_feature_spec"]


def _conv(in_channels: int, out_channels: int, stride: int) -> Conv2dNormActivation:
    return Conv2dNormActivation(in_channels, out_channels, kernel_size=3, stride=stride)


@final
class TinyBackbone(Backbone):
    """A stem (3x3 conv, stride 2) and one stage per level: a 3x3 stride-2 conv-BN-ReLU
    then a 3x3 conv-BN-ReLU. Stage ``k`` makes ``C{k}`` with ``channels[k - 2]`` channels
    at stride ``2**k``; stages after the last of ``out_levels`` are not built.
    """

    def __init__(
        self, *, channels: Sequence[int] = (16, 32, 64, 128), out_levels: Sequence[int] = (3, 4, 5)
    ) -> None:
        super().__init__()
        self._spec: Final = tiny_feature_spec(channels=channels, out_levels=out_levels)
        widths = tuple(channels)
        self.stem = _conv(3, widths[0], 2)
        stages: list[nn.Module] = []
        previous = widths[0]
        for level in range(FIRST_LEVEL, max(out_levels) + 1):
            width = widths[level - FIRST_LEVEL]
            stages.append(nn.Sequential(_conv(previous, width, 2), _conv(width, width, 1)))
            previous = width
        self.stages = nn.ModuleList(stages)
        self._returned: Final = frozenset(level - FIRST_LEVEL for level in out_levels)

    @property
    def feature_spec(self) -> FeatureSpec:
        return self._spec

    @checked
    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> FeatureMaps:
        check_images(
            component="TinyBackbone", images=images, weight=cast(nn.Conv2d, self.stem[0]).weight
        )
        x: Tensor = self.stem(images)
        features: list[Tensor] = []
        for index, stage in enumerate(self.stages):
            x = stage(x)
            if index in self._returned:
                features.append(x)
        return features
