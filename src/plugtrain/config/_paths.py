"""What a path from a config is, without ever raising (too long, NUL bytes, permissions)."""

import errno
import os
import stat
from typing import Literal

__all__ = ["PathKind", "path_kind"]

PathKind = Literal["missing", "file", "folder", "other"]

_MISSING = {errno.ENOENT, errno.ENOTDIR}


def path_kind(path: str) -> tuple[PathKind, str | None]:
    """(kind, problem): ``problem`` says why the path cannot be looked at (else ``None``;
    such a path counts as missing)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno in _MISSING:
            return "missing", None
        return "missing", error.strerror or str(error)
    except ValueError as error:  # an embedded NUL byte
        return "missing", str(error)
    if stat.S_ISREG(mode):
        return "file", None
    if stat.S_ISDIR(mode):
        return "folder", None
    return "other", None
