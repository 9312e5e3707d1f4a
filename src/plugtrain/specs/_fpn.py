"""The argument rules and the spec of ``FPN`` (torch-free): which backbone level feeds which
output, and what comes out."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from plugtrain.errors import ArgumentError, CompatibilityError
from plugtrain.specs._arguments import check_group_norm, is_count, is_int
from plugtrain.specs._feature_spec import FeatureSpec, LevelSpec

__all__ = ["FPNExtraSource", "FPNNorm", "FPNPlan", "fpn_feature_spec", "fpn_plan"]

FPNExtraSource = Literal["p5", "c5"]
FPNNorm = Literal["none", "gn", "bn"]

_FIRST: Final = 2
_LAST_INPUT: Final = 5
_EXTRA: Final = (6, 7)


@dataclass(frozen=True, slots=True)
class FPNPlan:
    """``inputs``: indices into ``in_spec.levels`` of ``C{l}`` for each input level;
    ``extra``: P6 and P7 are made (torchvision's ``LastLevelP6P7``); ``spec``: the output."""

    inputs: tuple[int, ...]
    extra: bool
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
        raise ArgumentError(
            part="FPN",
            argument="out_levels",
            received=levels,
            expected="consecutive levels starting in [2, 5] and ending at 5 at most, or at 7 "
            "(P6 and P7 come together from LastLevelP6P7)",
            fix="pass e.g. out_levels=(3, 4, 5, 6, 7) (FCOS, RetinaNet) or (3, 4, 5)",
        )
    return levels


def _check_arguments(channels: object, extra_source: object, norm: object) -> int:
    if not is_count(channels) or not isinstance(channels, int):
        raise ArgumentError(
            part="FPN",
            argument="channels",
            received=channels,
            expected="a positive int, the channels of every output level",
            fix="pass e.g. channels=256",
        )
    if extra_source not in ("p5", "c5"):
        raise ArgumentError(
            part="FPN",
            argument="extra_source",
            received=extra_source,
            expected="'p5' or 'c5'",
            fix="'p5' as torchvision's FCOS and RetinaNet, 'c5' as RetinaNet v2",
        )
    if norm not in ("none", "gn", "bn"):
        raise ArgumentError(
            part="FPN",
            argument="norm",
            received=norm,
            expected="'none', 'gn' or 'bn'",
            fix="pass norm='none'",
        )
    if norm == "gn":
        check_group_norm(part="FPN", argument="channels", channels=channels)
    return channels


def fpn_plan(
    *,
    in_spec: FeatureSpec,
    channels: int,
    out_levels: Sequence[int],
    extra_source: FPNExtraSource = "p5",
    norm: FPNNorm = "none",
) -> FPNPlan:
    """Check every argument of ``FPN`` and plan its wiring; ``ArgumentError`` for a value
    no FPN takes, ``CompatibilityError`` when ``in_spec`` lacks a level the FPN needs."""
    channels = _check_arguments(channels, extra_source, norm)
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
    return FPNPlan(inputs=tuple(inputs), extra=extra, spec=spec)


def fpn_feature_spec(
    *,
    in_spec: FeatureSpec,
    channels: int = 256,
    out_levels: Sequence[int] = (3, 4, 5, 6, 7),
    extra_source: FPNExtraSource = "p5",
    norm: FPNNorm = "none",
) -> FeatureSpec:
    """The spec of ``FPN(in_spec=..., channels=..., ...)`` without building it.

    Raises the same ``ArgumentError`` / ``CompatibilityError`` the constructor would.
    """
    return fpn_plan(
        in_spec=in_spec,
        channels=channels,
        out_levels=out_levels,
        extra_source=extra_source,
        norm=norm,
    ).spec
