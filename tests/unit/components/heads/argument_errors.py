"""The one assertion the head tests make about a refused constructor argument."""

from collections.abc import Generator
from contextlib import contextmanager

import pytest

from plugtrain.errors import ArgumentError, ConfigError

__all__ = ["refuses"]


@contextmanager
def refuses(part: str, argument: str, *texts: str) -> Generator[None]:
    """The block raises the argument error of ``part(argument=...)`` whose message holds
    the part, the argument, "received", "expected", "fix" and each of ``texts``.

    ``invalid_argument`` is moving from a one-issue ``ConfigError`` (loc ``part.argument``)
    to ``ArgumentError``; both messages name the part and the argument and end in
    ``received ..., expected ...; fix: ...``, which is what is asserted.
    """
    with pytest.raises((ArgumentError, ConfigError)) as raised:
        yield
    message = str(raised.value)
    for text in (part, argument, "received", "expected", "fix:", *texts):
        assert text in message, f"{text!r} not in {message!r}"
    if isinstance(raised.value, ArgumentError):
        assert (raised.value.part, raised.value.argument) == (part, argument)
