"""What the up-front check of a COCO data set found: problems with stable codes, and counts.

Torch-free, so ``plugtrain data check`` stays light. The codes are listed, with example
messages, in ``docs/data.md``; tools may rely on them, messages may be reworded.
"""

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

__all__ = ["PROBLEM_CODES", "DataProblem", "DataReport"]

PROBLEM_CODES: Final[Mapping[str, str]] = {
    # the annotation file and the images folder
    "annotations_missing": "the annotation file does not exist or cannot be read",
    "json_invalid": "the annotation file is not valid JSON (or not UTF-8)",
    "json_structure": "the JSON is not a COCO object: a top-level key is missing or not a list",
    "images_dir_missing": "the images folder does not exist",
    # records of any kind
    "record_not_object": "an entry of images/annotations/categories is not a JSON object",
    "key_missing": "a record lacks a key COCO requires",
    "value_invalid": "a record's value has the wrong type or range (e.g. a string id)",
    # categories
    "categories_empty": "the file defines no categories",
    "category_id_duplicate": "two categories share an id",
    # image records and files
    "images_empty": "the file lists no images",
    "image_id_duplicate": "two image records share an id",
    "file_name_duplicate": "two image records name the same file",
    "image_missing": "the image file does not exist",
    "image_unreadable": "the image file cannot be opened as an image",
    "image_truncated": "the image file ends before its pixel data does",
    "image_corrupt": "the image's pixel data cannot be decoded",
    "image_size_mismatch": "the recorded width/height disagree with the file",
    # annotations
    "annotation_id_duplicate": "two annotations share an id",
    "annotation_image_unknown": "an annotation's image_id names no image record",
    "category_unknown": "an annotation's category_id names no category",
    "bbox_malformed": "bbox is not a list of 4 numbers",
    "bbox_not_finite": "bbox holds NaN or infinity",
    "bbox_nonpositive": "bbox width or height is zero or negative",
    "bbox_outside_image": "bbox reaches outside its image",
}
"""Every problem code, with a one-line meaning."""

# Codes that make the whole set unusable: even lenient mode stops on them.
FATAL_CODES: Final = frozenset(
    {
        "annotations_missing",
        "json_invalid",
        "json_structure",
        "images_dir_missing",
        "categories_empty",
        "category_id_duplicate",
        "images_empty",
    }
)


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One bad record: a stable ``code``, the ids that locate it, and what to do.

    ``image_id`` / ``annotation_id`` are the record's own ids (an id that is not an int is
    given as text; ``None`` when the record has none). ``file`` is the image file for
    problems of an image or of an annotation on a known image, else the annotation file.
    """

    code: str
    message: str
    image_id: int | str | None = None
    annotation_id: int | str | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown data problem code {self.code!r}")

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "image_id": self.image_id,
            "annotation_id": self.annotation_id,
            "file": self.file,
            "message": self.message,
        }

    def as_line(self) -> str:
        ids = [
            f"{label}={value}"
            for label, value in (("image", self.image_id), ("annotation", self.annotation_id))
            if value is not None
        ]
        where = f" [{' '.join(ids)}]" if ids else ""
        return f"{self.code}{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class DataReport:
    """Every problem of a data set, plus counts (``summary``). ``ok`` when no problem."""

    images: str
    annotations: str
    problems: tuple[DataProblem, ...]
    counts: Mapping[str, int] = field(default_factory=dict[str, int])

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fatal(self) -> bool:
        """True when a problem makes the whole set unusable (even in lenient mode)."""
        return any(p.code in FATAL_CODES for p in self.problems)

    def by_code(self) -> dict[str, int]:
        return dict(sorted(Counter(p.code for p in self.problems).items()))

    def summary(self) -> dict[str, object]:
        return {
            "images_dir": self.images,
            "annotation_file": self.annotations,
            **self.counts,
            "problems": len(self.problems),
            "by_code": self.by_code(),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "problems": [p.as_dict() for p in self.problems],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        # Non-finite numbers never reach the report (messages hold them as text).
        return json.dumps(self.as_dict(), indent=2, allow_nan=False)

    def to_text(self, *, limit: int | None = None) -> str:
        """Human-readable: one line per problem (at most ``limit``), then the counts."""
        shown: Sequence[DataProblem] = self.problems if limit is None else self.problems[:limit]
        lines = [p.as_line() for p in shown]
        if len(shown) < len(self.problems):
            lines.append(f"... and {len(self.problems) - len(shown)} more problems")
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        verdict = (
            "OK: no problems"
            if self.ok
            else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} "
            f"({', '.join(f'{c}={n}' for c, n in self.by_code().items())})"
        )
        lines.append(f"{verdict} in {self.annotations} with images in {self.images}")
        if counts:
            lines.append(f"  {counts}")
        return "\n".join(lines)
