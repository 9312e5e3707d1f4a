"""Reading a JSON file that may be hostile: regular files only, bounded size, depth and
integers, so a FIFO cannot hang the reader and no input can exhaust memory or the stack.

Torch-free. Integers longer than ``max_int_digits`` are kept as :class:`OversizedInt`
markers (Python refuses to parse ints above 4300 digits anyway), so the caller can name
the field that held one instead of failing without a location.
"""

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["OversizedInt", "find_oversized", "json_depth", "read_bounded_json"]

Fail = Callable[[str], Exception]


@dataclass(frozen=True)
class OversizedInt:
    """An integer literal too long to be a real value (``digits`` long)."""

    digits: int

    def __repr__(self) -> str:
        return f"<a {self.digits}-digit number>"


def _read_regular_file(path: Path, *, what: str, max_bytes: int, fail: Fail) -> bytes:
    try:
        info = path.stat()
    except OSError as error:
        raise fail(f"cannot read {what}: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise fail(f"{what} is not a regular file (a folder, FIFO or device); expected a file")
    if info.st_size > max_bytes:
        raise fail(f"{what} holds {info.st_size} bytes, more than the limit of {max_bytes}")
    try:
        # O_NONBLOCK: should the path become a FIFO after the check, open does not block
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise fail(f"cannot read {what}: {error.strerror}") from None
    with os.fdopen(handle, "rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise fail(f"{what} holds more than the limit of {max_bytes} bytes")
    return data


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def read_bounded_json(
    path: Path, *, what: str, max_bytes: int, max_depth: int, max_int_digits: int, fail: Fail
) -> object:
    """The parsed JSON of ``path``; every limit broken raises ``fail(message)``, a message
    about ``what`` (e.g. "the checkpoint metadata")."""
    data = _read_regular_file(path, what=what, max_bytes=max_bytes, fail=fail)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(f"{what} is not UTF-8 text: {error}") from None
    depth = json_depth(text)
    if depth > max_depth:
        raise fail(f"{what} nests {depth} levels deep; the limit is {max_depth}")

    def parse_int(literal: str) -> int | OversizedInt:
        digits = len(literal.lstrip("-"))
        return OversizedInt(digits) if digits > max_int_digits else int(literal)

    try:
        parsed: object = json.loads(text, parse_int=parse_int)
    except json.JSONDecodeError as error:
        raise fail(
            f"{what} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    return parsed


def find_oversized(tree: object, where: str = "") -> tuple[str, OversizedInt] | None:
    """The dotted path and marker of the first oversized integer in ``tree``, if any."""
    if isinstance(tree, OversizedInt):
        return where, tree
    children: list[tuple[str, object]] = []
    if isinstance(tree, dict):
        children = [(str(k), v) for k, v in tree.items()]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]  # json's dict is untyped
    elif isinstance(tree, list):
        children = [(str(i), v) for i, v in enumerate(tree)]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]  # json's list is untyped
    for key, child in children:
        found = find_oversized(child, f"{where}.{key}" if where else key)
        if found is not None:
            return found
    return None
