"""Every file a run writes goes through here: atomic replacement, appends, and faults.

A full disk (ENOSPC), a file-size limit (EFBIG), a path of the wrong kind (a file where a
folder belongs, a folder where a file belongs) or a permission problem becomes the
plugtrain error the caller names, with the path and a fix; a temporary file is never left
behind. Temporary files are named ``.<target>.<random>.plugtrain-tmp`` so that one left by
a killed process is recognisable and removed at the next write of the same target.
"""

import errno
import os
import secrets
from pathlib import Path
from typing import Final, TypeAlias

from plugtrain.errors import CheckpointError, TrainingError

__all__ = [
    "TEMP_SUFFIX",
    "WriteError",
    "append_text",
    "atomic_write_bytes",
    "remove_stale_temporaries",
    "write_all",
    "write_fault",
]

TEMP_SUFFIX: Final = ".plugtrain-tmp"

WriteError: TypeAlias = type[CheckpointError] | type[TrainingError]
"""Which plugtrain error a failed write becomes: checkpoints raise CheckpointError, logs
and summaries TrainingError."""

_FIXES: Final[dict[int, str]] = {
    errno.ENOSPC: "the disk is full: free space (or point train.output_dir at another disk) "
    "and resume with --resume",
    errno.EDQUOT: "the disk quota is used up: free space and resume with --resume",
    errno.EFBIG: "the file is larger than this process may write (`ulimit -f`): raise the "
    "limit and resume with --resume",
    errno.EACCES: "permission denied: make the folder writable (or choose another "
    "train.output_dir)",
    errno.EPERM: "permission denied: make the folder writable (or choose another train.output_dir)",
    errno.EROFS: "the file system is read-only: choose another train.output_dir",
    errno.EISDIR: "a folder stands where a file belongs: move it away",
    errno.ENOTDIR: "a file stands where a folder belongs: move it away",
    errno.EEXIST: "a file stands where a folder belongs: move it away",
}


def write_fault(error: OSError, path: Path, kind: WriteError, what: str) -> Exception:
    """The plugtrain error for ``error`` while writing ``what`` at ``path``."""
    fix = _FIXES.get(error.errno or 0, "check the path and the disk")
    reason = error.strerror or str(error)
    message = f"cannot write {what} {path}: {reason} (errno {error.errno}); {fix}"
    if kind is CheckpointError:
        return CheckpointError(
            f"{message}. The last checkpoint written before stays as it was", path=str(path)
        )
    return TrainingError(f"{message}. The checkpoints written before stay as they were")


def write_all(stream: int, data: bytes) -> None:
    """The single seam where bytes reach the disk (tests inject faults here)."""
    view = memoryview(data)
    while view:
        written = os.write(stream, view)
        view = view[written:]


def remove_stale_temporaries(directory: Path, target_name: str | None = None) -> tuple[Path, ...]:
    """Delete temporary files a killed writer left in ``directory`` (for one target, or all)."""
    if not directory.is_dir():
        return ()
    prefix = f".{target_name}." if target_name is not None else "."
    removed: list[Path] = []
    for candidate in directory.iterdir():
        if candidate.name.startswith(prefix) and candidate.name.endswith(TEMP_SUFFIX):
            try:
                candidate.unlink()
            except FileNotFoundError:
                continue
            removed.append(candidate)
    return tuple(removed)


def _make_parent(target: Path, kind: WriteError, what: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_fault(error, target.parent, kind, f"the folder for {what}") from None
    if not target.parent.is_dir():
        raise write_fault(
            OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)),
            target.parent,
            kind,
            f"the folder for {what}",
        )


def atomic_write_bytes(target: Path, data: bytes, *, kind: WriteError, what: str) -> None:
    """Write ``data`` to a temporary file beside ``target``, fsync it and rename it over
    ``target``: a kill or a fault at any moment leaves the old ``target`` untouched."""
    _make_parent(target, kind, what)
    remove_stale_temporaries(target.parent, target.name)
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        stream = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            write_all(stream, data)
            os.fsync(stream)
        finally:
            os.close(stream)
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        os.replace(temporary, target)
        _fsync_directory(target.parent)
    except OSError as error:
        raise write_fault(error, target, kind, what) from None
    finally:
        if temporary.exists():
            temporary.unlink()


def append_text(target: Path, text: str, *, kind: WriteError, what: str) -> None:
    """Append ``text`` to ``target`` (created if missing)."""
    _make_parent(target, kind, what)
    try:
        stream = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            write_all(stream, text.encode())
        finally:
            os.close(stream)
    except OSError as error:
        raise write_fault(error, target, kind, what) from None


def _fsync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
