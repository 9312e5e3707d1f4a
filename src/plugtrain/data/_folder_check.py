"""The up-front check of the folder sets (``format: folders`` and ``format: images``).

Torch-free. The listing is :func:`plugtrain.io.list_class_folders` /
:func:`plugtrain.io.list_image_folder` (the rule ``plugtrain validate`` applies too); every
listed file is then opened and decoded to the end in a thread pool
(:func:`check_image_files`), so a truncated or corrupt image is found before training,
not in the middle of an epoch. ``plugtrain data check`` prints the report; the data sets
refuse a set with problems (:func:`require_usable`: a ``DataError`` naming the first file).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plugtrain.data._image_files import ImageFileProblem, check_image_files
from plugtrain.errors import DataError
from plugtrain.io import FolderProblem, list_class_folders, list_image_folder

__all__ = ["FolderReport", "check_class_folders", "check_images_folder", "require_usable"]

_SHOWN: Final = 5


@dataclass(frozen=True, slots=True)
class FolderReport:
    """What the check of a folder set found.

    ``classes``: the class names in label order (``()`` for unlabeled images);
    ``files``: the readable images in order, with ``labels[i]`` the class of ``files[i]``
    (all ``-1`` for unlabeled images); ``problems``: every path that makes the set
    unusable, with why.
    """

    root: str
    format: str
    classes: tuple[str, ...]
    files: tuple[str, ...]
    labels: tuple[int, ...]
    problems: tuple[FolderProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, label: int) -> int:
        return sum(1 for value in self.labels if value == label)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "format": self.format,
            "root": self.root,
            "images": len(self.files),
            "classes": {name: self.count(k) for k, name in enumerate(self.classes)},
            "problems": [{"path": p.path, "message": p.message} for p in self.problems],
        }

    def to_text(self) -> str:
        verdict = "OK" if self.ok else f"{len(self.problems)} problem(s)"
        lines = [f"{verdict}: {len(self.files)} readable image(s) in {self.root} ({self.format})"]
        lines += [
            f"  class {k} {name}: {self.count(k)} image(s)" for k, name in enumerate(self.classes)
        ]
        lines += [f"  problem: {p.message}" for p in self.problems]
        return "\n".join(lines)


def require_usable(report: FolderReport) -> FolderReport:
    """``report`` when the set has no problem; else a ``DataError`` naming the first file
    and showing the first few problems (``plugtrain data check`` lists them all)."""
    if report.ok:
        return report
    shown = "; ".join(p.message for p in report.problems[:_SHOWN])
    more = f" (and {len(report.problems) - _SHOWN} more)" if len(report.problems) > _SHOWN else ""
    option = "--folders" if report.format == "folders" else "--images"
    raise DataError(
        f"the {report.format} set {report.root} cannot be used: {shown}{more}; list every "
        f"problem with plugtrain data check {option} {report.root}",
        file=report.problems[0].path,
    )


def _decoded(
    files: tuple[str, ...], labels: tuple[int, ...], *, workers: int | None
) -> tuple[tuple[str, ...], tuple[int, ...], list[FolderProblem]]:
    found = check_image_files((Path(f) for f in files), workers=workers)
    kept: list[str] = []
    kept_labels: list[int] = []
    problems: list[FolderProblem] = []
    for file, label in zip(files, labels, strict=True):
        result = found[Path(file)]
        if isinstance(result, ImageFileProblem):
            problems.append(FolderProblem(file, result.message))
        else:
            kept.append(file)
            kept_labels.append(label)
    return tuple(kept), tuple(kept_labels), problems


def _missing(root: str, what: str) -> FolderProblem | None:
    path = Path(root)
    if not path.exists():
        return FolderProblem(root, f"{what} {root} does not exist; fix the path or create it")
    if not path.is_dir():
        return FolderProblem(root, f"{what} {root} is not a folder")
    return None


def check_class_folders(root: str | Path, *, workers: int | None = None) -> FolderReport:
    """Check the ``folders`` set at ``root``: listing rule, then every image decoded."""
    top = str(root)
    missing = _missing(top, "class folders root")
    if missing is not None:
        return FolderReport(top, "folders", (), (), (), (missing,))
    listing = list_class_folders(top)
    files = tuple(path for path, _ in listing.samples)
    labels = tuple(label for _, label in listing.samples)
    kept, kept_labels, broken = _decoded(files, labels, workers=workers)
    return FolderReport(
        top, "folders", listing.classes, kept, kept_labels, (*listing.problems, *broken)
    )


def check_images_folder(folder: str | Path, *, workers: int | None = None) -> FolderReport:
    """Check the ``images`` set ``folder``: listing rule, then every image decoded."""
    top = str(folder)
    missing = _missing(top, "images folder")
    if missing is not None:
        return FolderReport(top, "images", (), (), (), (missing,))
    listing = list_image_folder(top)
    kept, kept_labels, broken = _decoded(listing.files, (-1,) * len(listing.files), workers=workers)
    return FolderReport(top, "images", (), kept, kept_labels, (*listing.problems, *broken))
