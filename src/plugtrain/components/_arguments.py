"""Errors for constructor arguments that no part can work with.

Parts are built from plain values (usually by builders from a validated config); when a
value cannot work, the part raises an ``ArgumentError`` (PT110) naming the part and the
argument, what was received, what was expected and the fix. Builders map ``(part,
argument)`` to the config key that set it.
"""

from plugtrain.errors import ArgumentError
from plugtrain.specs import is_int

__all__ = ["invalid_argument", "is_int"]


def invalid_argument(
    part: str, argument: str, *, received: object, expected: str, fix: str
) -> ArgumentError:
    """The ``ArgumentError`` for ``part(argument=received)``."""
    return ArgumentError(
        part=part, argument=argument, received=received, expected=expected, fix=fix
    )
