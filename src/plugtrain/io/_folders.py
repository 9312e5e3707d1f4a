"""The listing rule of the folder data sets (``format: folders`` and ``format: images``).

Torch-free, so ``plugtrain validate`` applies the same rule as the data sets that train:

* ``folders``: as torchvision's ``ImageFolder``, the class names are the sorted names of the
  sub-folders of the root, class ``k`` being the ``k``-th; each class folder is walked
  (sub-folders included, symlinks followed) in sorted order. Files directly in the root
  are not read.
* ``images``: the files of one folder, sorted by name; sub-folders are not read.

Every file must carry an image suffix (:data:`IMAGE_SUFFIXES`) and be a regular file, and
every class folder must hold at least one image: anything else is a :class:`FolderProblem`
rather than a file silently left out. Nothing is opened (decoding is checked by the data
sets and by ``plugtrain data check``).
"""

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "IMAGE_SUFFIXES",
    "ClassFolders",
    "FolderProblem",
    "ImageFolderListing",
    "list_class_folders",
    "list_image_folder",
]

IMAGE_SUFFIXES: Final = frozenset(
    {".bmp", ".gif", ".jpeg", ".jpg", ".png", ".tif", ".tiff", ".webp"}
)
"""File suffixes (lower case) taken from a folder: what Pillow decodes (a GIF's first frame)."""

_SUFFIXES_TEXT: Final = ", ".join(sorted(IMAGE_SUFFIXES))


@dataclass(frozen=True, slots=True)
class FolderProblem:
    """A path that makes a folder set unusable, and why."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class ClassFolders:
    """A ``folders`` set: class names, ``(file, class index)`` samples, and the problems."""

    root: str
    classes: tuple[str, ...]
    samples: tuple[tuple[str, int], ...]
    problems: tuple[FolderProblem, ...]

    def count(self, label: int) -> int:
        """How many images class ``label`` has."""
        return sum(1 for _, index in self.samples if index == label)


@dataclass(frozen=True, slots=True)
class ImageFolderListing:
    """An ``images`` set: the image files in order, and the problems."""

    folder: str
    files: tuple[str, ...]
    problems: tuple[FolderProblem, ...]


def _file_problem(path: str) -> str | None:
    """Why ``path`` (not a folder) is not an image file to read, or ``None``."""
    suffix = os.path.splitext(path)[1]
    if suffix.lower() not in IMAGE_SUFFIXES:
        shown = repr(suffix) if suffix else "(none)"
        return (
            f"{path} is not an image: its suffix {shown} is not one of {_SUFFIXES_TEXT}; "
            f"move it out of the data set folder"
        )
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return f"{path} cannot be read: {error.strerror or error}"
    if not stat.S_ISREG(mode):
        return f"{path} is not a regular file (a FIFO, device or socket); remove it"
    return None


def _scan(folder: str) -> tuple[list[os.DirEntry[str]], str | None]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name), None
    except OSError as error:
        return [], f"cannot list {folder}: {error.strerror or error}"


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def list_class_folders(root: str | Path) -> ClassFolders:
    """The classes and images of the ``folders`` set at ``root`` (an existing folder)."""
    top = str(root)
    entries, problem = _scan(top)
    if problem is not None:
        return ClassFolders(top, (), (), (FolderProblem(top, problem),))
    classes = tuple(entry.name for entry in entries if _is_folder(entry))
    problems: list[FolderProblem] = []
    samples: list[tuple[str, int]] = []
    if not classes:
        problems.append(
            FolderProblem(
                top,
                f"{top} holds no class folders: a folders set is root/<class name>/<image>, "
                f"one sub-folder per class",
            )
        )
    for label, name in enumerate(classes):
        folder = os.path.join(top, name)
        found = 0
        for current, folders, files in os.walk(folder, followlinks=True):
            folders.sort()
            for file in sorted(files):
                path = os.path.join(current, file)
                why = _file_problem(path)
                if why is None:
                    samples.append((path, label))
                    found += 1
                else:
                    problems.append(FolderProblem(path, why))
        if found == 0:
            problems.append(
                FolderProblem(
                    folder,
                    f"class folder {folder} holds no images ({_SUFFIXES_TEXT}); add images "
                    f"of class {name!r} or remove the folder",
                )
            )
    return ClassFolders(top, classes, tuple(samples), tuple(problems))


def list_image_folder(folder: str | Path) -> ImageFolderListing:
    """The image files of the ``images`` set ``folder`` (an existing folder)."""
    top = str(folder)
    entries, problem = _scan(top)
    if problem is not None:
        return ImageFolderListing(top, (), (FolderProblem(top, problem),))
    files: list[str] = []
    problems: list[FolderProblem] = []
    for entry in entries:
        if _is_folder(entry):
            continue  # sub-folders are not read: a folder of images is flat
        why = _file_problem(entry.path)
        if why is None:
            files.append(entry.path)
        else:
            problems.append(FolderProblem(entry.path, why))
    if not files:
        problems.append(
            FolderProblem(top, f"{top} holds no images ({_SUFFIXES_TEXT}); add images to it")
        )
    return ImageFolderListing(top, tuple(files), tuple(problems))
