"""JSON from a file within bounds: size, nesting depth and number length all limited.

``json.loads`` recurses once per nesting level and stops with ``RecursionError`` near
Python's recursion limit (about 1000 levels); and since Python 3.11 an integer of more than
4300 digits raises ``ValueError`` (the int/str conversion limit against quadratic-time
parsing). Both become a :class:`JsonFileError` naming the file. Nesting below Python's
limit but above ``max_depth`` is refused as well: later code that walks, prints or
re-serialises the value (``repr``, ``json.dumps``) recurses too, and real files are shallow
(a COCO file is 5 levels deep: object, list, record, segmentation, polygon).
"""

import json
import os
import sys
from typing import ClassVar, Final, Literal, cast

from plugtrain.errors import DataError
from plugtrain.io._files import read_regular_file

__all__ = ["DEFAULT_MAX_DEPTH", "JsonFileError", "load_json_bounded", "parse_json_bounded"]

DEFAULT_MAX_DEPTH: Final = 64
"""Nesting levels a JSON document may have: 10 times what COCO needs, far below Python's
recursion limit."""

JsonProblem = Literal["syntax", "encoding", "too_deep", "number_too_large"]


class JsonFileError(DataError):
    """A file is not JSON that plugtrain can take: bad syntax or encoding, nested deeper
    than ``max_depth``, or an integer too long to convert. ``line`` / ``column`` (1-based)
    are given when known; ``detail`` is the message without the code and the file suffix."""

    code: ClassVar[str] = "PT403"

    def __init__(
        self,
        message: str,
        *,
        path: str,
        problem: JsonProblem,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path: Final = path
        self.problem: Final[JsonProblem] = problem
        self.line: Final = line
        self.column: Final = column
        self.detail: Final = message
        super().__init__(message, file=path)


def _is_container(value: object) -> bool:
    return isinstance(value, (dict, list))


def _depth_exceeds(value: object, max_depth: int) -> bool:
    """Whether ``value`` nests deeper than ``max_depth`` containers (iterative: no recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(cast(dict[str, object], item).values())
        elif isinstance(item, list):
            children = cast(list[object], item)
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children if _is_container(child))
    return False


def parse_json_bounded(raw: bytes, *, max_depth: int, what: str, source: str) -> object:
    """Parse ``raw`` (UTF-8, -16 or -32, as ``json.loads`` detects it) as JSON.

    Raises :class:`JsonFileError` naming ``what`` and ``source`` (the path) with the
    line and column of a syntax or encoding error.
    """
    try:
        value: object = json.loads(raw)
    except json.JSONDecodeError as error:
        raise JsonFileError(
            f"the {what} {source} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}",
            path=source,
            problem="syntax",
            line=error.lineno,
            column=error.colno,
        ) from None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise JsonFileError(
            f"the {what} {source} is not UTF-8 text: byte {raw[error.start : error.start + 1]!r} "
            f"at line {line}, column {column} ({error.reason}); save it as UTF-8",
            path=source,
            problem="encoding",
            line=line,
            column=column,
        ) from None
    except RecursionError:
        raise _too_deep(what, source, max_depth) from None
    except ValueError:  # Python >= 3.11: an integer longer than sys.get_int_max_str_digits()
        raise JsonFileError(
            f"the {what} {source} holds an integer of more than {sys.get_int_max_str_digits()} "
            f"digits; no value in such a file needs that many, so it is damaged or not "
            f"what it seems",
            path=source,
            problem="number_too_large",
        ) from None
    if _depth_exceeds(value, max_depth):
        raise _too_deep(what, source, max_depth)
    return value


def _too_deep(what: str, source: str, max_depth: int) -> JsonFileError:
    return JsonFileError(
        f"the {what} {source} nests lists/objects more than {max_depth} levels deep; a real "
        f"{what} is a few levels deep, so the file is damaged or not what it seems",
        path=source,
        problem="too_deep",
    )


def load_json_bounded(
    path: str | os.PathLike[str],
    *,
    limit_bytes: int,
    max_depth: int = DEFAULT_MAX_DEPTH,
    what: str,
    how_to_change: str | None = None,
) -> object:
    """Read ``path`` with :func:`~plugtrain.io.read_regular_file` and parse it as JSON.

    Raises :class:`~plugtrain.io.FileReadError` (PT402) when the file cannot be read within
    ``limit_bytes`` and :class:`JsonFileError` (PT403) when it is not JSON within bounds.
    """
    raw = read_regular_file(path, limit_bytes=limit_bytes, what=what, how_to_change=how_to_change)
    return parse_json_bounded(raw, max_depth=max_depth, what=what, source=os.fspath(path))
