"""The small argument rules every part shares: real ints, counts, and GroupNorm groups.

Torch-free, so the static config checks run the very rules the parts run.
"""

from typing import Final

from plugtrain.errors import ArgumentError

__all__ = ["GN_GROUPS", "check_group_norm", "is_count", "is_int"]

GN_GROUPS: Final = 32
"""Groups of every GroupNorm plugtrain builds (torchvision's and detectron2's choice)."""


def is_int(value: object) -> bool:
    """A real ``int`` (``True`` is not a count); takes ``object`` since users may pass anything."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_count(value: object, *, minimum: int = 1) -> bool:
    """A real ``int`` of at least ``minimum``."""
    return is_int(value) and isinstance(value, int) and value >= minimum


def check_group_norm(*, part: str, argument: str, channels: int, minimum: int = GN_GROUPS) -> None:
    """``ArgumentError`` unless GroupNorm(32) fits ``channels``: a multiple of 32, at least
    ``minimum`` (a head asks 64: with one channel per group a 1x1 level has nothing to
    normalise and GroupNorm fails)."""
    if channels % GN_GROUPS == 0 and channels >= minimum:
        return
    near = sorted(
        {
            max(minimum, channels // GN_GROUPS * GN_GROUPS),
            max(minimum, -(-channels // GN_GROUPS) * GN_GROUPS),
        }
    )
    raise ArgumentError(
        part=part,
        argument=argument,
        received=channels,
        expected=f"channels a multiple of {GN_GROUPS} and at least {minimum} with norm 'gn' "
        f"(GroupNorm, {GN_GROUPS} groups)",
        fix=f"use {' or '.join(str(c) for c in near)} channels, or norm 'none'",
    )
