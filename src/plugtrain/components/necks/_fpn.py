"""FPN: torchvision's FeaturePyramidNetwork over backbone levels, with P6/P7 on request.

``FPN.fpn`` is a ``torchvision.ops.FeaturePyramidNetwork`` (with ``LastLevelP6P7`` as
extra block when P6/P7 are asked), so ``fpn.fpn.load_state_dict(tv.backbone.fpn.state_dict())``
loads a torchvision FCOS / RetinaNet / RetinaNet v2 FPN unchanged.
"""

from collections.abc import Callable, Sequence
from functools import partial
from typing import Final, Literal, final

from torch import Tensor, nn
from torchvision.ops import FeaturePyramidNetwork
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps, Neck
from plugtrain.specs import GN_GROUPS, FeatureSpec, fpn_feature_spec, fpn_plan
from plugtrain.typing import checked

__all__ = ["FPN", "fpn_feature_spec"]

_NORMS: Final[dict[str, Callable[[int], nn.Module] | None]] = {
    "none": None,
    "gn": partial(nn.GroupNorm, GN_GROUPS),
    "bn": nn.BatchNorm2d,  # Faster R-CNN v2
}


@final
class FPN(Neck):
    """Feature pyramid network: ``C{k}`` of ``in_spec`` -> ``P{k}`` with ``channels`` each.

    ``out_levels`` are consecutive; levels up to 5 take ``C{k}`` by name from ``in_spec``
    (other backbone levels are ignored). Levels 6 and 7 come together from torchvision's
    ``LastLevelP6P7``, computed from P5 (``extra_source="p5"``: torchvision's FCOS and
    RetinaNet) or from C5 (``"c5"``: RetinaNet v2). ``norm="gn"`` puts GroupNorm (32 groups)
    after each FPN convolution, ``norm="bn"`` BatchNorm (Faster R-CNN v2).
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        channels: int = 256,
        out_levels: Sequence[int] = (3, 4, 5, 6, 7),
        extra_source: Literal["p5", "c5"] = "p5",
        norm: Literal["none", "gn", "bn"] = "none",
    ) -> None:
        super().__init__()
        plan = fpn_plan(
            in_spec=in_spec,
            channels=channels,
            out_levels=out_levels,
            extra_source=extra_source,
            norm=norm,
        )
        self._in_spec: Final = in_spec
        self._spec: Final = plan.spec
        self._inputs: Final = plan.inputs
        self._keys: Final = tuple(in_spec.levels[index].name for index in plan.inputs)
        in_channels = [in_spec.levels[index].channels for index in plan.inputs]
        extra: LastLevelP6P7 | None = None
        if plan.extra:
            extra = LastLevelP6P7(channels if extra_source == "p5" else in_channels[-1], channels)
            # torchvision derives the source from in == out channels; make it explicit.
            extra.use_P5 = extra_source == "p5"
        self.extra_source: Final = extra_source
        self.fpn = FeaturePyramidNetwork(
            in_channels,
            channels,
            extra_blocks=extra,
            norm_layer=_NORMS[norm],
        )

    @property
    def in_spec(self) -> FeatureSpec:
        return self._in_spec

    @property
    def feature_spec(self) -> FeatureSpec:
        return self._spec

    @checked
    def forward(self, features: FeatureMaps) -> FeatureMaps:
        check_feature_maps(component="FPN", features=features, spec=self._in_spec)
        inputs = {key: features[index] for key, index in zip(self._keys, self._inputs, strict=True)}
        outputs: dict[str, Tensor] = self.fpn(inputs)
        return list(outputs.values())
