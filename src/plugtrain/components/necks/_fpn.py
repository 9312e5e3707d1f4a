"""FPN: torchvision's FeaturePyramidNetwork over backbone levels, with P6/P7 on request.

``FPN.fpn`` is a ``torchvision.ops.FeaturePyramidNetwork`` (with ``LastLevelP6P7`` as
extra block when P6/P7 are asked), so ``fpn.fpn.load_state_dict(tv.backbone.fpn.state_dict())``
loads a torchvision FCOS / RetinaNet / RetinaNet v2 FPN unchanged.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final, Literal, final

from torch import Tensor, nn
from torchvision.ops import FeaturePyramidNetwork
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps, Neck
from plugtrain.errors import CompatibilityError
from plugtrain.structures import FeatureSpec, LevelSpec
from plugtrain.typing import checked

__all__ = ["FPN", "fpn_feature_spec"]

_FIRST: Final = 2
_LAST_INPUT: Final = 5
_EXTRA: Final = (6, 7)
_GN_GROUPS: Final = 32
_NORMS: Final[dict[str, Callable[[int], nn.Module] | None]] = {
    "none": None,
    "gn": partial(nn.GroupNorm, _GN_GROUPS),
    "bn": nn.BatchNorm2d,  # Faster R-CNN v2
}


@dataclass(frozen=True, slots=True)
class _Plan:
    inputs: tuple[int, ...]  # indices into in_spec.levels of C{l} for each input level
    extra: bool  # P6 and P7 through LastLevelP6P7
    spec: FeatureSpec


def _check_out_levels(out_levels: Sequence[int]) -> tuple[int, ...]:
    levels = tuple(out_levels)
    valid = (
        bool(levels)
        and all(is_int(level) for level in levels)
        and all(b == a + 1 for a, b in itertools.pairwise(levels))
        and _FIRST <= levels[0] <= _LAST_INPUT
        and levels[-1] <= _EXTRA[-1]
        and (levels[-1] != _EXTRA[0])
    )
    if not valid:
        raise invalid_argument(
            "FPN",
            "out_levels",
            received=levels,
            expected="consecutive levels starting in [2, 5] and ending at 5 at most, or at 7 "
            "(P6 and P7 come together from LastLevelP6P7)",
            fix="pass e.g. out_levels=(3, 4, 5, 6, 7) (FCOS, RetinaNet) or (3, 4, 5)",
        )
    return levels


def _plan(in_spec: FeatureSpec, channels: int, out_levels: Sequence[int]) -> _Plan:
    levels = _check_out_levels(out_levels)
    base = tuple(level for level in levels if level <= _LAST_INPUT)
    extra = levels[-1] in _EXTRA
    consumer = f"FPN(out_levels={levels}) needs " + ", ".join(
        f"C{level}(stride {2**level})" for level in base
    )
    names = in_spec.names
    inputs: list[int] = []
    for level in base:
        name = f"C{level}"
        if name not in names:
            problem = (
                f"FPN output P{level} is made from {name}, which the backbone does not produce"
            )
            if extra and level == _LAST_INPUT:
                problem += " (P6 and P7 are made from C5 or P5, so they need C5 too)"
            raise CompatibilityError(
                problem=problem,
                producer=f"backbone: {in_spec}",
                consumer=consumer,
                fix=f"add {level} to the backbone's out_levels, or ask the FPN only for levels "
                f"made from those the backbone has ({', '.join(names)})",
            )
        index = names.index(name)
        found = in_spec.levels[index]
        if found.stride != 2**level:
            raise CompatibilityError(
                problem=f"FPN input {name} must have stride {2**level}, the backbone's {name} "
                f"has stride {found.stride}; a stride gap breaks the top-down pathway",
                producer=f"backbone: {in_spec}",
                consumer=consumer,
                fix="name backbone levels C<k> after their stride 2**k",
            )
        inputs.append(index)
    spec = FeatureSpec(tuple(LevelSpec(f"P{level}", channels, 2**level) for level in levels))
    return _Plan(inputs=tuple(inputs), extra=extra, spec=spec)


def _check_channels(channels: int) -> None:
    if not is_int(channels) or channels < 1:
        raise invalid_argument(
            "FPN",
            "channels",
            received=channels,
            expected="a positive int, the channels of every output level",
            fix="pass e.g. channels=256",
        )


def fpn_feature_spec(
    *, in_spec: FeatureSpec, channels: int = 256, out_levels: Sequence[int] = (3, 4, 5, 6, 7)
) -> FeatureSpec:
    """The spec of ``FPN(in_spec=..., channels=..., out_levels=...)`` without building it.

    Raises the same ``CompatibilityError`` the constructor would.
    """
    _check_channels(channels)
    return _plan(in_spec, channels, out_levels).spec


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
        _check_channels(channels)
        if extra_source not in ("p5", "c5"):
            raise invalid_argument(
                "FPN",
                "extra_source",
                received=extra_source,
                expected="'p5' or 'c5'",
                fix="'p5' as torchvision's FCOS and RetinaNet, 'c5' as RetinaNet v2",
            )
        if norm not in ("none", "gn", "bn"):
            raise invalid_argument(
                "FPN",
                "norm",
                received=norm,
                expected="'none', 'gn' or 'bn'",
                fix="pass norm='none'",
            )
        if norm == "gn" and channels % _GN_GROUPS:
            near = sorted(
                {
                    max(_GN_GROUPS, channels // _GN_GROUPS * _GN_GROUPS),
                    -(-channels // _GN_GROUPS) * _GN_GROUPS,
                }
            )
            raise invalid_argument(
                "FPN",
                "channels",
                received=channels,
                expected=f"a multiple of {_GN_GROUPS} with norm='gn' (GroupNorm, 32 groups)",
                fix=f"use channels={' or '.join(str(c) for c in near)}, or norm='none'",
            )
        plan = _plan(in_spec, channels, out_levels)
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
