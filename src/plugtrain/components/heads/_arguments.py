"""The argument rules of detection heads, each written once.

Every head (dense or two-stage) checks its constructor arguments with these functions, so
one rule has one wording: the GroupNorm channel rule, the IoU-threshold order, the class
count, the prior probability. Each raises through ``invalid_argument`` (part, argument,
received, expected, fix).
"""

from typing import Final, Literal

from plugtrain.components._arguments import invalid_argument

__all__ = [
    "GN_GROUPS",
    "HeadNorm",
    "check_dense_head_arguments",
    "check_group_norm",
    "check_iou_thresholds",
    "check_positive_int",
    "check_probability",
    "is_positive_int",
]

HeadNorm = Literal["gn", "none"]
"""Normalisation of the head towers: GroupNorm(32) after each conv, or nothing."""

GN_GROUPS: Final = 32


def is_positive_int(value: object, *, minimum: int = 1) -> bool:
    """An int (not a bool) of at least ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def check_positive_int(
    part: str, argument: str, value: object, *, minimum: int = 1, meaning: str, fix: str
) -> int:
    """``value`` if it is an int of at least ``minimum``; otherwise the argument error."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive int" if minimum == 1 else f"an int >= {minimum}"
        raise invalid_argument(
            part, argument, received=value, expected=f"{kind}, {meaning}", fix=fix
        )
    return value


def check_probability(part: str, argument: str, value: float, *, fix: str) -> float:
    """``value`` if strictly between 0 and 1 (a prior or a sampled fraction)."""
    if not 0.0 < value < 1.0:
        raise invalid_argument(
            part, argument, received=value, expected="a number strictly between 0 and 1", fix=fix
        )
    return float(value)


def check_group_norm(part: str, *, norm: object, channels: int) -> HeadNorm:
    """``norm`` if it is ``"gn"`` or ``"none"`` and GroupNorm(32) can normalise ``channels``.

    GroupNorm needs channels divisible by its groups; with one channel per group a 1x1
    level has nothing to normalise and GroupNorm fails, so at least two per group.
    """
    if norm == "none":
        return "none"
    if norm != "gn":
        raise invalid_argument(
            part, "norm", received=norm, expected="'gn' or 'none'", fix="pass norm='gn'"
        )
    if channels % GN_GROUPS or channels < 2 * GN_GROUPS:
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
    return "gn"


def check_iou_thresholds(
    part: str,
    *,
    fg_iou_threshold: float,
    bg_iou_threshold: float,
    names: tuple[str, str] = ("fg_iou_threshold", "bg_iou_threshold"),
    defaults: tuple[float, float] = (0.5, 0.4),
) -> tuple[float, float]:
    """(foreground, background) IoU thresholds of a matcher: ``0 <= bg <= fg <= 1``.

    ``names`` are the part's argument names for the two; ``defaults`` go into the fix.
    """
    fg_name, bg_name = names
    if not 0.0 <= bg_iou_threshold <= fg_iou_threshold <= 1.0:
        raise invalid_argument(
            part,
            fg_name,
            received=(fg_iou_threshold, bg_iou_threshold),
            expected=f"0 <= {bg_name} <= {fg_name} <= 1",
            fix=f"pass {fg_name}={defaults[0]}, {bg_name}={defaults[1]}",
        )
    return float(fg_iou_threshold), float(bg_iou_threshold)


def check_dense_head_arguments(
    part: str,
    *,
    channels: int,
    num_classes: object,
    num_convs: object,
    norm: object,
    prior_probability: float,
) -> HeadNorm:
    """The arguments every dense head takes; returns the checked ``norm``."""
    check_probability(
        part,
        "prior_probability",
        prior_probability,
        fix="pass prior_probability=0.01 (the focal-loss paper's choice)",
    )
    check_positive_int(
        part,
        "num_classes",
        num_classes,
        meaning="the number of foreground classes (no background class)",
        fix="pass the number of classes of your data set; labels are 0 .. num_classes - 1",
    )
    check_positive_int(
        part,
        "num_convs",
        num_convs,
        minimum=0,
        meaning="the 3x3 convolutions of each tower",
        fix="pass num_convs=4 (the FCOS and RetinaNet papers' choice)",
    )
    return check_group_norm(part, norm=norm, channels=channels)
