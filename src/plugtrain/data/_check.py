"""The up-front check of a COCO data set: every record and every image file, one report.

``check_coco`` is what ``plugtrain data check`` runs; ``scan_coco`` also returns the usable
records, which is how :class:`CocoDataset` uses the very same check in strict and lenient
mode. Torch-free.
"""

import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from plugtrain.data._image_files import (
    ROTATING_ORIENTATIONS,
    ImageFileInfo,
    ImageFileProblem,
    check_image_files,
)
from plugtrain.data._report import DataReport
from plugtrain.errors import DataError
from plugtrain.io import AnnotationRecord, DataProblem, ImageRecord, ParsedCoco, parse_coco

__all__ = [
    "DEFAULT_BOX_TOLERANCE",
    "CocoScan",
    "DataCheckError",
    "check_coco",
    "outside_reason",
    "scan_coco",
]

DEFAULT_BOX_TOLERANCE: Final = 0.5
"""Pixels a box may reach past the image border (float rounding of converters) unreported."""

_REPORT_LINES: Final = 40


class DataCheckError(DataError):
    """A data set failed the up-front check; ``report`` holds every problem found."""

    code: ClassVar[str] = "PT401"

    def __init__(self, report: DataReport, *, reason: str) -> None:
        self.report: Final = report
        first = report.problems[0] if report.problems else None
        command = (
            f"`plugtrain data check --images {report.images} --annotations {report.annotations}`"
        )
        fix = (
            f"fix the files above (check again with {command})"
            if report.fatal
            else f"repair or remove the records above ({command} lists them all; "
            f"plugtrain.data.subset_coco writes a copy of the file without chosen images); "
            f"from Python, CocoDataset(..., mode='lenient') skips them instead"
        )
        super().__init__(
            f"{reason}\n{report.to_text(limit=_REPORT_LINES)}\n  fix: {fix}",
            file=report.annotations,
            record_id=None if first is None else first.image_id,
        )


@dataclass(frozen=True, slots=True)
class CocoScan:
    """The report plus what lenient mode may use: images without problems, their boxes."""

    report: DataReport
    categories: tuple[tuple[int, str], ...]
    images: tuple[ImageRecord, ...]
    annotations: Mapping[int, tuple[AnnotationRecord, ...]]
    exif_transposed: frozenset[int]
    skipped_images: int
    skipped_annotations: int


def _size_problem(record: ImageRecord, info: ImageFileInfo, path: Path) -> DataProblem:
    hint = ""
    if info.orientation != 1:
        hint = (
            f" (its EXIF orientation {info.orientation} does not explain the difference: "
            f"plugtrain reads pixels as stored unless the recorded size is the rotated one)"
        )
    return DataProblem(
        code="image_size_mismatch",
        message=(
            f"image {record.image_id} records width x height {record.width}x{record.height} "
            f"but the file is {info.width}x{info.height}{hint}; fix 'width'/'height' (and the "
            f"boxes, which are checked against the recorded size) or replace the file"
        ),
        image_id=record.image_id,
        file=str(path),
    )


def outside_reason(images_dir: Path, file_name: str) -> str | None:
    """Why ``images_dir / file_name`` is not inside ``images_dir`` (``None`` when it is).

    The one rule for "inside": the path with ``..`` and every symlink resolved lies under
    the resolved folder. So an absolute file_name, a ``..`` that climbs out and a symlink
    (of the file or of a folder on the way) that points elsewhere all count as outside.
    """
    if Path(file_name).is_absolute():
        return "it is an absolute path"
    try:
        folder = images_dir.resolve()
        target = (images_dir / file_name).resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python 3.11)
        return f"it cannot be resolved ({error})"
    if target.is_relative_to(folder):
        return None
    base = Path(os.path.normpath(images_dir.absolute()))
    lexical = Path(os.path.normpath(base / file_name))
    if not lexical.is_relative_to(base):
        return f"its '..' leads out of the folder, to {lexical}"
    return f"a symlink on the way points outside, to {target}"


def _outside_problem(record: ImageRecord, images_dir: Path, reason: str) -> DataProblem:
    return DataProblem(
        code="image_outside_folder",
        message=(
            f"image {record.image_id} has file_name {record.file_name!r}, which is outside the "
            f"images folder {images_dir} ({reason}); plugtrain reads images only from inside "
            f"the images folder: move the file into it, or allow files outside with "
            f"`plugtrain data check --allow-outside` / CocoDataset(..., allow_outside=True)"
        ),
        image_id=record.image_id,
        file=str(images_dir / record.file_name),
    )


def _check_files(
    parsed: ParsedCoco,
    images_dir: Path,
    *,
    decode: bool,
    workers: int | None,
    allow_outside: bool,
) -> tuple[set[int], int, int]:
    """Add file problems to ``parsed``; return (EXIF-transposed ids, non-RGB count, checked)."""
    records: list[ImageRecord] = []
    for record in parsed.images:
        reason = None if allow_outside else outside_reason(images_dir, record.file_name)
        if reason is None:
            records.append(record)
            continue
        # never opened: a file outside the folder is not read, not even its header
        parsed.problems.append(_outside_problem(record, images_dir, reason))
        parsed.bad_image_ids.add(record.image_id)
    paths = {record.image_id: images_dir / record.file_name for record in records}
    found = check_image_files(paths.values(), decode=decode, workers=workers)
    transposed: set[int] = set()
    converted = 0
    for record in records:
        path = paths[record.image_id]
        finding = found[path]
        if isinstance(finding, ImageFileProblem):
            parsed.problems.append(
                DataProblem(finding.code, finding.message, image_id=record.image_id, file=str(path))
            )
            parsed.bad_image_ids.add(record.image_id)
            continue
        converted += finding.mode != "RGB"
        if (record.width, record.height) == (finding.width, finding.height):
            continue
        if finding.orientation in ROTATING_ORIENTATIONS and (record.width, record.height) == (
            finding.height,
            finding.width,
        ):
            transposed.add(record.image_id)
            continue
        parsed.problems.append(_size_problem(record, finding, path))
        parsed.bad_image_ids.add(record.image_id)
    return transposed, converted, len(found)


def scan_coco(
    images: Path | str,
    annotations: Path | str,
    *,
    decode: bool = True,
    workers: int | None = None,
    box_tolerance: float = DEFAULT_BOX_TOLERANCE,
    allow_outside: bool = False,
) -> CocoScan:
    """Check everything and keep the usable records (images no problem names)."""
    images_dir, annotation_file = Path(images), Path(annotations)
    parsed = parse_coco(annotation_file, images_dir, box_tolerance=box_tolerance)
    transposed: set[int] = set()
    converted = checked = 0
    if not images_dir.is_dir():
        parsed.problems.insert(
            0,
            DataProblem(
                "images_dir_missing",
                f"the images folder {images_dir} does not exist (or is not a folder); pass the "
                f"folder that holds the files named by the images' file_name with --images",
                file=str(images_dir),
            ),
        )
    else:
        transposed, converted, checked = _check_files(
            parsed, images_dir, decode=decode, workers=workers, allow_outside=allow_outside
        )
    usable = tuple(r for r in parsed.images if r.image_id not in parsed.bad_image_ids)
    usable_ids = {r.image_id for r in usable}
    by_image: defaultdict[int, list[AnnotationRecord]] = defaultdict(list)
    for annotation in parsed.annotations:
        if annotation.image_id in usable_ids:
            by_image[annotation.image_id].append(annotation)
    kept_annotations = sum(len(v) for v in by_image.values())
    empty = sum(1 for r in usable if not any(not a.iscrowd for a in by_image.get(r.image_id, ())))
    named = {
        p.image_id
        for p in parsed.problems
        if p.image_id is not None and p.code != "annotation_image_unknown"
    }
    counts = {
        **parsed.counts,
        "images_checked": checked,
        "images_with_problems": len(named),
        "usable_images": len(usable),
        "usable_annotations": kept_annotations,
        "images_without_objects": empty,
        "non_rgb_images": converted,
        "exif_rotated_images": len(transposed),
    }
    report = DataReport(
        images=str(images_dir),
        annotations=str(annotation_file),
        problems=tuple(parsed.problems),
        counts=counts,
    )
    return CocoScan(
        report=report,
        categories=parsed.categories,
        images=usable,
        annotations={k: tuple(v) for k, v in by_image.items()},
        exif_transposed=frozenset(transposed & usable_ids),
        skipped_images=parsed.counts.get("image_records", 0) - len(usable),
        skipped_annotations=parsed.counts.get("annotation_records", 0) - kept_annotations,
    )


def check_coco(
    images: Path | str,
    annotations: Path | str,
    *,
    decode: bool = True,
    workers: int | None = None,
    box_tolerance: float = DEFAULT_BOX_TOLERANCE,
    allow_outside: bool = False,
) -> DataReport:
    """Check a COCO instances file and its images folder; report every problem at once.

    Reads every record and every image file (``decode=False`` reads only headers: faster,
    but misses truncated files). ``box_tolerance`` is how far (pixels) a box may reach past
    the border before it counts as outside. Images are read only from inside ``images``
    (a file_name that is absolute, climbs out with ``..`` or passes a symlink pointing
    elsewhere is the problem ``image_outside_folder``, and the file is not opened) unless
    ``allow_outside``. The annotation file is read within bounds (a regular file of at most
    :data:`~plugtrain.io.ANNOTATION_LIMIT`, JSON at most 64 levels deep). Never raises for
    bad data: problems are in the report, each with a stable code (see ``PROBLEM_CODES``)
    and its image/annotation id.
    """
    return scan_coco(
        images,
        annotations,
        decode=decode,
        workers=workers,
        box_tolerance=box_tolerance,
        allow_outside=allow_outside,
    ).report
