"""Errors for constructor arguments that no part can work with.

Parts are built from plain values (usually by builders from a validated config); when a
user passes a value directly that cannot work, the part raises a ``ConfigError`` whose one
issue names the part and the argument, what was received, what was expected and the fix.
"""

from plugtrain.errors import ConfigError, ConfigIssue

__all__ = ["invalid_argument", "is_int"]


def invalid_argument(
    part: str, argument: str, *, received: object, expected: str, fix: str
) -> ConfigError:
    """``ConfigError`` for ``part(argument=received)``: ``loc`` is ``part.argument``."""
    return ConfigError(
        [
            ConfigIssue(
                loc=f"{part}.{argument}",
                code="value",
                message=f"received {received!r}, expected {expected}; fix: {fix}",
            )
        ]
    )


def is_int(value: object) -> bool:
    """A real ``int`` (``True`` is not a count); takes ``object`` since users may pass anything."""
    return isinstance(value, int) and not isinstance(value, bool)
