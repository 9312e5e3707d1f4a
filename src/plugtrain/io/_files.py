"""Bounded reads: regular files only, never more than a stated number of bytes.

A path a user gives may name a FIFO (``open`` blocks until a writer comes), a device
(``/dev/zero`` never ends), a folder or a socket; and a regular file may be far larger than
anything plugtrain expects. :func:`read_regular_file` looks at the path with ``os.stat``
first, opens it with ``O_NONBLOCK`` (so even a FIFO swapped in after the stat cannot block
the open), checks the open file again with ``fstat`` and reads at most ``limit_bytes + 1``
bytes, so neither a growing file nor a lying ``st_size`` (``/proc``) can exhaust memory.

Torch-free; imports nothing of plugtrain but :mod:`plugtrain.errors`.
"""

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, ClassVar, Final, Literal

from plugtrain.errors import DataError

__all__ = [
    "ANNOTATION_LIMIT",
    "IMAGE_LIMIT",
    "FileReadError",
    "SizeLimit",
    "format_bytes",
    "open_regular_file",
    "read_regular_file",
    "read_small_text",
]

ReadProblem = Literal["missing", "not_file", "too_large", "unreadable"]

_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_NOCTTY: Final = getattr(os, "O_NOCTTY", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


def format_bytes(count: int) -> str:
    """``count`` bytes for people: ``512 B``, ``3.2 MiB``, ``1 GiB``."""
    if count < 1024:
        return f"{count} B"
    exponent = min(3, (count.bit_length() - 1) // 10)
    return f"{count / (1 << (10 * exponent)):.3g} {('KiB', 'MiB', 'GiB')[exponent - 1]}"


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """A default size limit that an environment variable may raise (or lower).

    ``env`` holds a number of bytes (``PLUGTRAIN_MAX_ANNOTATION_BYTES=4294967296``); an
    environment variable reaches every entry point alike (``plugtrain data check``,
    ``validate``, ``train``, the Python API), where a flag would have to be added to each.
    """

    what: str
    default_bytes: int
    env: str

    def resolve(self) -> int:
        """The limit in bytes: the environment variable when set, else the default."""
        raw = os.environ.get(self.env)
        if raw is None or not raw.strip():
            return self.default_bytes
        text = raw.strip()
        if not text.isdigit() or len(text) > 20 or int(text) < 1:
            raise DataError(
                f"the environment variable {self.env} is {raw!r}; expected a positive whole "
                f"number of bytes (e.g. {self.env}={self.default_bytes * 2} for "
                f"{format_bytes(self.default_bytes * 2)}), or unset it for the default "
                f"{format_bytes(self.default_bytes)}"
            )
        return int(text)

    def how_to_change(self) -> str:
        return (
            f"if the file is right, raise the limit with the environment variable {self.env} "
            f"(bytes, e.g. {self.env}={self.default_bytes * 2})"
        )


ANNOTATION_LIMIT: Final = SizeLimit(
    "annotation file", default_bytes=2 << 30, env="PLUGTRAIN_MAX_ANNOTATION_BYTES"
)
"""COCO instances and results files: 2 GiB. COCO train2017's instances file is 448 MB and
LVIS v1's train file 1.1 GB; a file above 2 GiB would need tens of GB of memory as Python
objects, which is better found out from a message than from the out-of-memory killer."""

IMAGE_LIMIT: Final = SizeLimit("image file", default_bytes=1 << 30, env="PLUGTRAIN_MAX_IMAGE_BYTES")
"""One image file: 1 GiB, far above any photograph or scan a detector is trained on (a
lossless 20000 x 20000 RGB TIFF is 1.1 GB; Pillow refuses such a decompression bomb anyway)."""


class FileReadError(DataError):
    """A file could not be read within bounds: missing, not a regular file, too large, or
    unreadable. ``problem`` says which; ``limit_bytes`` is the limit in force; ``detail`` is
    the message without the code and the file suffix."""

    code: ClassVar[str] = "PT402"

    def __init__(self, message: str, *, path: str, problem: ReadProblem, limit_bytes: int) -> None:
        self.path: Final = path
        self.problem: Final[ReadProblem] = problem
        self.limit_bytes: Final = limit_bytes
        self.detail: Final = message
        super().__init__(message, file=path)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _refuse_kind(path: str, what: str, kind: str, limit: int) -> FileReadError:
    return FileReadError(
        f"the {what} {path} is {kind}, not a regular file; plugtrain reads only regular "
        f"files (a pipe or a device may block or never end): pass the path of the file itself",
        path=path,
        problem="not_file",
        limit_bytes=limit,
    )


def _too_large(path: str, what: str, size: str, limit: int, fix: str) -> FileReadError:
    return FileReadError(
        f"the {what} {path} is {size}, above the limit of {format_bytes(limit)} "
        f"({limit} bytes); {fix}",
        path=path,
        problem="too_large",
        limit_bytes=limit,
    )


def open_regular_file(
    path: str | os.PathLike[str],
    *,
    limit_bytes: int,
    what: str,
    how_to_change: str | None = None,
) -> BinaryIO:
    """``path`` opened for binary reading, after checking it is a regular file of at most
    ``limit_bytes`` (for readers such as Pillow that read only what they need; the caller
    closes it). Raises :class:`FileReadError` as :func:`read_regular_file` does."""
    name = os.fspath(path)
    fix = how_to_change or "pass a smaller file"
    try:
        before = os.stat(name)
    except FileNotFoundError:
        raise FileReadError(
            f"cannot read the {what}: {name}: No such file or directory; check the path "
            f"(relative paths start at {Path.cwd()})",
            path=name,
            problem="missing",
            limit_bytes=limit_bytes,
        ) from None
    except (OSError, ValueError) as error:  # ValueError: an embedded NUL byte
        raise _unreadable(name, what, error, limit_bytes) from None
    kind = _kind(before.st_mode)
    if kind is not None:
        raise _refuse_kind(name, what, kind, limit_bytes)
    if before.st_size > limit_bytes:
        raise _too_large(name, what, format_bytes(before.st_size), limit_bytes, fix)
    try:
        # O_NONBLOCK: a FIFO put in place after the stat must not block the open.
        descriptor = os.open(name, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC)
    except (OSError, ValueError) as error:
        raise _unreadable(name, what, error, limit_bytes) from None
    try:
        kind = _kind(os.fstat(descriptor).st_mode)
    except OSError as error:
        os.close(descriptor)
        raise _unreadable(name, what, error, limit_bytes) from None
    if kind is not None:
        os.close(descriptor)
        raise _refuse_kind(name, what, kind, limit_bytes)
    return os.fdopen(descriptor, "rb")


def read_regular_file(
    path: str | os.PathLike[str],
    *,
    limit_bytes: int,
    what: str,
    how_to_change: str | None = None,
) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit_bytes``.

    Raises :class:`FileReadError` (a :class:`~plugtrain.errors.DataError`, code PT402)
    naming ``what`` (e.g. ``"annotation file"``) and the path: ``problem`` is
    ``"missing"``, ``"not_file"`` (folder, FIFO, device, socket), ``"too_large"`` (the
    message gives the limit and ``how_to_change`` it) or ``"unreadable"`` (permissions,
    I/O errors). Symlinks are followed; what they point at must be a regular file. At most
    ``limit_bytes + 1`` bytes are ever read, whatever the file claims its size is.
    """
    name = os.fspath(path)
    fix = how_to_change or "pass a smaller file"
    with open_regular_file(
        name, limit_bytes=limit_bytes, what=what, how_to_change=how_to_change
    ) as stream:
        try:
            data = stream.read(limit_bytes + 1)
        except OSError as error:
            raise _unreadable(name, what, error, limit_bytes) from None
    if len(data) > limit_bytes:
        raise _too_large(name, what, f"more than {format_bytes(limit_bytes)}", limit_bytes, fix)
    return data


def _unreadable(path: str, what: str, error: Exception, limit: int) -> FileReadError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return FileReadError(
        f"cannot read the {what}: {path}: {reason}; check that it exists and that you may read it",
        path=path,
        problem="unreadable",
        limit_bytes=limit,
    )


def read_small_text(
    path: str | os.PathLike[str],
    *,
    limit_bytes: int,
    what: str,
    how_to_change: str | None = None,
) -> str:
    """:func:`read_regular_file` decoded as UTF-8 (a BOM is dropped), for small text files
    such as configs. A file that is not UTF-8 is a :class:`FileReadError` (``"unreadable"``)
    giving the line and column of the first bad byte."""
    raw = read_regular_file(path, limit_bytes=limit_bytes, what=what, how_to_change=how_to_change)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileReadError(
            f"the {what} {os.fspath(path)} is not UTF-8 text: byte "
            f"{raw[error.start : error.start + 1]!r} at line {line}, column {column} "
            f"({error.reason}); save it as UTF-8",
            path=os.fspath(path),
            problem="unreadable",
            limit_bytes=limit_bytes,
        ) from None
