"""The one switch for runtime shape checks.

``PLUGTRAIN_CHECKS=0`` (or ``false``/``off``/``no``) decided at import time makes
``checked`` return the undecorated function: no wrapper, no cost. At runtime,
``checks_disabled()`` turns checks off for a block and restores the previous state after.
"""

import os
from collections.abc import Generator
from contextlib import contextmanager
from typing import Final

__all__ = ["CHECKS_AT_IMPORT", "checks_disabled", "checks_enabled"]

_OFF_VALUES: Final = frozenset({"0", "false", "off", "no"})

CHECKS_AT_IMPORT: Final[bool] = (
    os.environ.get("PLUGTRAIN_CHECKS", "1").strip().lower() not in _OFF_VALUES
)
"""Whether checked functions were wrapped when their modules were imported."""


class _RuntimeSwitch:
    # A plain attribute on a module-level object: torch.compile guards on it like any
    # global, and reading it costs one attribute lookup.
    __slots__ = ("on",)

    def __init__(self) -> None:
        self.on = True


SWITCH: Final = _RuntimeSwitch()


def checks_enabled() -> bool:
    """True when a checked function called now would check its arguments."""
    return CHECKS_AT_IMPORT and SWITCH.on


@contextmanager
def checks_disabled() -> Generator[None]:
    """Turn runtime shape checks off inside the block; the previous state comes back after.

    Example::

        with checks_disabled():
            detections = detector(images)  # no checks, e.g. in a tight benchmark loop
    """
    previous = SWITCH.on
    SWITCH.on = False
    try:
        yield
    finally:
        SWITCH.on = previous
