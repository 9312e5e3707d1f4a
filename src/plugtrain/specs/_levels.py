"""Level bookkeeping shared by the CNN backbones: ``C2..C5`` at strides 4..32."""

import itertools
from collections.abc import Sequence
from typing import Final

from plugtrain.errors import ArgumentError
from plugtrain.specs._arguments import is_int
from plugtrain.specs._feature_spec import FeatureSpec, LevelSpec

__all__ = ["FIRST_LEVEL", "LAST_LEVEL", "pyramid_spec"]

FIRST_LEVEL: Final = 2
"""``C2``: the output of the first stage, stride 4."""

LAST_LEVEL: Final = 5
"""``C5``: the output of the last stage, stride 32."""


def pyramid_spec(*, part: str, channels: Sequence[int], out_levels: Sequence[int]) -> FeatureSpec:
    """The spec of levels ``out_levels`` of a backbone whose ``C2..C5`` have ``channels``.

    Level ``k`` is named ``Ck`` and has stride ``2**k``. ``out_levels`` must be strictly
    increasing integers in ``[2, 5]``; anything else raises ``ArgumentError``.
    """
    levels = tuple(out_levels)
    expected = (
        f"a non-empty, strictly increasing sequence of levels in [{FIRST_LEVEL}, {LAST_LEVEL}] "
        f"(C{FIRST_LEVEL} at stride {2**FIRST_LEVEL} ... C{LAST_LEVEL} at stride {2**LAST_LEVEL})"
    )
    valid = (
        bool(levels)
        and all(is_int(level) for level in levels)
        and all(FIRST_LEVEL <= level <= LAST_LEVEL for level in levels)
        and all(a < b for a, b in itertools.pairwise(levels))
    )
    if not valid:
        raise ArgumentError(
            part=part,
            argument="out_levels",
            received=levels,
            expected=expected,
            fix="pass e.g. out_levels=(3, 4, 5) for C3, C4, C5",
        )
    return FeatureSpec(
        tuple(LevelSpec(f"C{level}", channels[level - FIRST_LEVEL], 2**level) for level in levels)
    )
