"""What the COCO parser produces: validated records, the rules they follow, and helpers.

Torch-free.
"""

import json
import math
from dataclasses import dataclass, field
from typing import Final

from plugtrain.io._problems import DataProblem

__all__ = [
    "EVALUATION",
    "MAX_SIDE",
    "TRAINING",
    "AnnotationRecord",
    "CocoRules",
    "ImageRecord",
    "ParsedCoco",
    "finite_number",
    "id_of",
    "kind_of",
    "show",
    "size_int",
    "strict_int",
    "to_float",
]

MAX_SIDE: Final = 1_000_000
"""The largest image width or height a record may state: no image file Pillow opens is
wider (its decompression-bomb guard stops at about 179 megapixels), and larger numbers
would overflow float arithmetic on boxes."""


@dataclass(frozen=True, slots=True)
class CocoRules:
    """What a reader needs of a COCO file; the parser checks the same things for all.

    ``image_keys`` / ``annotation_keys`` / ``category_keys`` are the keys every record must
    have. ``file_names``: image file names are required, non-empty and unique.
    ``positive_boxes``: box width and height must be > 0 (else >= 0). ``boxes_inside``:
    boxes must lie in their image's recorded size. ``require_records``: empty
    ``images`` / ``categories`` lists are problems. ``null_area_missing``: an ``area`` of
    null counts as absent.
    """

    image_keys: tuple[str, ...]
    annotation_keys: tuple[str, ...]
    category_keys: tuple[str, ...]
    file_names: bool
    positive_boxes: bool
    boxes_inside: bool
    require_records: bool
    null_area_missing: bool


TRAINING: Final = CocoRules(
    image_keys=("id", "file_name", "width", "height"),
    annotation_keys=("id", "image_id", "category_id", "bbox"),
    category_keys=("id", "name"),
    file_names=True,
    positive_boxes=True,
    boxes_inside=True,
    require_records=True,
    null_area_missing=False,
)
"""What training reads: every image's file and size, every box a real, inside box."""

EVALUATION: Final = CocoRules(
    image_keys=("id",),
    annotation_keys=("image_id", "category_id", "bbox"),
    category_keys=("id",),
    file_names=False,
    positive_boxes=False,
    boxes_inside=False,
    require_records=False,
    null_area_missing=True,
)
"""What box evaluation reads, as pycocotools does: image and category ids, boxes of any
size >= 0 wherever they are, optional image sizes, annotation ids and areas."""


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """A valid image record: ``index`` is its position in the file's ``images`` list."""

    index: int
    image_id: int
    file_name: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    """A valid annotation: ``bbox`` is COCO's (x, y, width, height) in absolute pixels."""

    index: int
    annotation_id: int
    image_id: int
    category_id: int
    bbox: tuple[float, float, float, float]
    iscrowd: bool
    area: float | None = None
    """The record's ``area`` (COCO's mask area), ``None`` when it has none."""


@dataclass(slots=True)
class ParsedCoco:
    """What could be read from the file, the problems found, and the ids they taint."""

    annotation_file: str
    categories: tuple[tuple[int, str], ...] = ()
    images: tuple[ImageRecord, ...] = ()
    annotations: tuple[AnnotationRecord, ...] = ()
    problems: list[DataProblem] = field(default_factory=list[DataProblem])
    bad_image_ids: set[int] = field(default_factory=set[int])
    counts: dict[str, int] = field(default_factory=dict[str, int])
    category_problems: tuple[DataProblem, ...] = ()
    """The problems of the 'categories' list (also in ``problems``): any makes labels unknown."""
    named_files: tuple[str, ...] = ()
    """The string file_name of every image record, usable or not, in file order."""
    image_sizes: dict[int, tuple[int, int] | None] = field(
        default_factory=dict[int, tuple[int, int] | None]
    )
    """(height, width) of every image record with a usable id (``None``: size not recorded,
    only under rules that do not require it), in file order."""


def id_of(value: object) -> int | str | None:
    """A record id as reported: ints as they are, anything else as text, absent as None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, default=str)


def finite_number(value: object) -> float | None:
    """A JSON number as a finite float; ``None`` for anything else (bools, NaN, infinity,
    and integers too large for a float, where ``float()`` would raise)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def to_float(value: float) -> float:
    """``float(value)``, with an integer too large for a float as +-infinity."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def strict_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def size_int(value: object) -> int | None:
    """A pixel count in [1, MAX_SIDE]; integral floats (640.0) are accepted."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_SIDE else None
    if isinstance(value, float) and value.is_integer() and 0 < value <= MAX_SIDE:
        return int(value)
    return None


def kind_of(value: object) -> str:
    names: dict[type, str] = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
    }
    if value is None:
        return "null"
    return names.get(type(value), f"a {type(value).__name__}")


def show(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
