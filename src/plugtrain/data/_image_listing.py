"""Which files of the paths a user names are images to read, and which are skipped, and why.

Torch-free. Used by prediction (``plugtrain predict`` over files and folders): every path
is accounted for, either as an image to read or as a skipped file with its reason, so a
folder never loses a file silently and counts are counts of images, not of arguments.
"""

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plugtrain.errors import DataError
from plugtrain.io import IMAGE_SUFFIXES

__all__ = ["IMAGE_SUFFIXES", "ImageListing", "SkippedFile", "list_image_files"]


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A path that is not read as an image, and why (for the user's report)."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class ImageListing:
    """The image files to read, in order, and every skipped path with its reason."""

    files: tuple[Path, ...]
    skipped: tuple[SkippedFile, ...]

    @property
    def num_images(self) -> int:
        return len(self.files)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder (folders inside a folder are not searched)"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def _kind_of(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (``None`` when it is a regular file)."""
    try:
        return _not_regular(os.stat(path).st_mode)
    except FileNotFoundError:
        return "a broken symlink" if path.is_symlink() else "it does not exist"
    except OSError as error:
        return f"it cannot be looked at: {error.strerror or error}"


def _list_folder(folder: Path, files: list[Path], skipped: list[SkippedFile]) -> None:
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise DataError(
            f"cannot list the image folder {folder}: {error.strerror or error}",
            file=str(folder),
        ) from None
    suffixes = ", ".join(sorted(IMAGE_SUFFIXES))
    for entry in entries:
        reason = _kind_of(entry)
        if reason is not None and reason.startswith("a folder"):
            skipped.append(SkippedFile(entry, reason))
        elif entry.suffix.lower() not in IMAGE_SUFFIXES:
            shown = repr(entry.suffix) if entry.suffix else "(none)"
            skipped.append(
                SkippedFile(entry, f"its suffix {shown} is not an image suffix ({suffixes})")
            )
        elif reason is None:
            files.append(entry)
        else:
            skipped.append(SkippedFile(entry, reason))


def list_image_files(paths: Sequence[Path | str]) -> ImageListing:
    """The images named by ``paths``: a folder gives its files with an image suffix
    (:data:`IMAGE_SUFFIXES`, sorted by name, not recursive), a file is taken whatever its
    suffix. Everything else in a folder, and any named path that is not a regular file
    (FIFO, device), is in ``skipped`` with the reason; nothing is opened.

    Raises :class:`~plugtrain.errors.DataError` when a named path does not exist or no
    image is found at all (the message lists what was skipped).
    """
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for given in paths:
        path = Path(given)
        reason = _kind_of(path)
        if reason is None:
            files.append(path)
        elif reason.startswith("a folder"):
            _list_folder(path, files, skipped)
        elif reason in ("it does not exist", "a broken symlink"):
            raise DataError(
                f"no such image file or folder: {path} ({reason}); check the path",
                file=str(path),
            )
        else:
            skipped.append(SkippedFile(path, reason))
    unique = list(dict.fromkeys(files))
    if not unique:
        shown = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
        raise DataError(
            f"no images found in {', '.join(str(p) for p in paths)} (looked for "
            f"{', '.join(sorted(IMAGE_SUFFIXES))})" + (f"; skipped {shown}" if shown else "")
        )
    return ImageListing(files=tuple(unique), skipped=tuple(skipped))
