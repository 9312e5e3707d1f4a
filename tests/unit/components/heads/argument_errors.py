"""The one assertion the head tests make about a refused constructor argument."""

from collections.abc import Generator
from contextlib import contextmanager

import pytest

from plugtrain.errors import ArgumentError

__all__ = ["refuses"]


@contextmanager
def refuses(part: str, argument: str, *texts: str) -> Generator[None]:
    """The block raises the ``ArgumentError`` of ``part(argument=...)`` whose fields name
    the part and the argument and whose message holds "received", "expected", "fix" and
    each of ``texts``."""
    with pytest.raises(ArgumentError) as raised:
        yield
    message = str(raised.value)
    for text in (part, argument, "received", "expected", "fix:", *texts):
        assert text in message, f"{text!r} not in {message!r}"
    assert (raised.value.part, raised.value.argument) == (part, argument)
