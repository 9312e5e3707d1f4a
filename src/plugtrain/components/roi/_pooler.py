"""RoIPooler: regions of a feature pyramid pooled to a fixed size (torchvision's
``MultiScaleRoIAlign``).

Each region is pooled from one level, chosen by its size (the FPN paper's rule: level
``floor(canonical_level + log2(sqrt(area) / canonical_scale))``, clamped to the levels
pooled). The spec of the output, ``PooledSpec``, is known at construction, so a box head
that does not fit is refused before any tensor exists.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.ops import MultiScaleRoIAlign

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._arguments import check_positive_int
from plugtrain.errors import CompatibilityError
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["PooledSpec", "RoIPooler"]


@dataclass(frozen=True, slots=True)
class PooledSpec:
    """What a pooler gives per region: ``channels`` x ``height`` x ``width``."""

    channels: int
    height: int
    width: int

    def __str__(self) -> str:
        return f"{self.channels}x{self.height}x{self.width} per region"


@final
class RoIPooler(nn.Module):
    """``MultiScaleRoIAlign`` over the levels named ``levels`` of ``in_spec``.

    ``levels`` (default: all) must share one channel count and have strides that double
    from one to the next; ``output_size`` is the pooled side, ``sampling_ratio`` the
    sampling points per bin (torchvision: 7 and 2); ``canonical_scale`` and
    ``canonical_level`` set which level a region of a given size is pooled from (224 and 4:
    a 224-pixel region comes from P4).
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        levels: Sequence[str] | None = None,
        output_size: int = 7,
        sampling_ratio: int = 2,
        canonical_scale: int = 224,
        canonical_level: int = 4,
    ) -> None:
        super().__init__()
        part = "RoIPooler"
        names = tuple(in_spec.names if levels is None else levels)
        missing = [name for name in names if name not in in_spec.names]
        if not names or missing:
            raise CompatibilityError(
                problem=f"RoIPooler pools levels {list(names)}; {missing or 'none'} of them "
                "are not produced",
                producer=f"features: {in_spec}",
                consumer=f"RoIPooler(levels={list(names)})",
                fix=f"pass levels among {list(in_spec.names)}",
            )
        chosen = [in_spec.levels[in_spec.names.index(name)] for name in names]
        channels = {level.channels for level in chosen}
        strides = [level.stride for level in chosen]
        if len(channels) != 1 or any(b != 2 * a for a, b in itertools.pairwise(strides)):
            raise CompatibilityError(
                problem="RoIPooler needs levels of one channel count whose strides double "
                f"from one to the next; got {', '.join(str(level) for level in chosen)}",
                producer=f"features: {in_spec}",
                consumer=f"RoIPooler(levels={list(names)})",
                fix="pool the FPN levels (e.g. P2..P5), not the backbone's",
            )
        size = check_positive_int(
            part, "output_size", output_size, meaning="the pooled side", fix="pass 7"
        )
        ratio = check_positive_int(
            part,
            "sampling_ratio",
            sampling_ratio,
            minimum=0,
            meaning="sampling points per bin (0: adaptive)",
            fix="pass 2",
        )
        scale = check_positive_int(
            part, "canonical_scale", canonical_scale, meaning="pixels", fix="pass 224"
        )
        if isinstance(canonical_level, bool):  # an int by type; True is not a level
            raise invalid_argument(
                part, "canonical_level", received=canonical_level, expected="an int", fix="pass 4"
            )
        self._in_spec: Final = in_spec
        self.levels: Final = names
        self._indices: Final = tuple(in_spec.names.index(name) for name in names)
        self.out_spec: Final = PooledSpec(channels=channels.pop(), height=size, width=size)
        self.align = MultiScaleRoIAlign(
            featmap_names=list(names),
            output_size=size,
            sampling_ratio=ratio,
            canonical_scale=scale,
            canonical_level=canonical_level,
        )

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this pooler was built to take."""
        return self._in_spec

    def pooled_levels(self, features: Sequence[Tensor]) -> list[Tensor]:
        """The maps of ``features`` (all levels of ``in_spec``) that this pooler pools."""
        return [features[i] for i in self._indices]

    @checked
    def forward(
        self,
        features: FeatureMaps,
        boxes: list[Float[Tensor, "_ 4"]],
        image_sizes: list[tuple[int, int]],
    ) -> Float[Tensor, "rois channels height width"]:
        """Pooled features of every region, image after image: (sum of the images'
        region counts, channels, output_size, output_size). ``boxes``: per image, xyxy in
        network-input pixels; ``image_sizes``: per image (height, width) before padding."""
        check_feature_maps(component="RoIPooler", features=features, spec=self._in_spec)
        named = dict(zip(self.levels, self.pooled_levels(features), strict=True))
        pooled: Tensor = self.align(named, boxes, image_sizes)
        return pooled

    def extra_repr(self) -> str:
        return f"levels={list(self.levels)}, out_spec={self.out_spec}"
