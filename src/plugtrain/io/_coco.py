"""Parse a COCO instances file into validated records, collecting every problem on the way.

The one COCO parser of plugtrain: the data check and the reader, evaluation's ground truth
and the static checks of ``plugtrain validate`` all read COCO files through it. Torch-free.
The file is read within bounds (:func:`~plugtrain.io.load_json_bounded`: regular files
only, a size limit, a depth limit). Nothing here trusts the file: every key, type and
reference is checked and each failure becomes a :class:`DataProblem` naming the record by
its id (or by its position when it has no usable id), so a report lists all problems at
once instead of the first one.
"""

import json
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, cast

from plugtrain.io._files import ANNOTATION_LIMIT, FileReadError, read_regular_file
from plugtrain.io._json import DEFAULT_MAX_DEPTH, JsonFileError, parse_json_bounded
from plugtrain.io._problems import DataProblem

__all__ = [
    "MAX_SIDE",
    "AnnotationRecord",
    "ImageRecord",
    "ParsedCoco",
    "finite_number",
    "parse_coco",
    "parse_coco_document",
]

MAX_SIDE: Final = 1_000_000
"""The largest image width or height a record may state: no image file Pillow opens is
wider (its decompression-bomb guard stops at about 179 megapixels), and larger numbers
would overflow float arithmetic on boxes."""

_READ_CODES: Final = {
    "missing": "annotations_missing",
    "unreadable": "annotations_missing",
    "not_file": "annotations_not_file",
    "too_large": "annotations_too_large",
}
_JSON_CODES: Final = {
    "syntax": "json_invalid",
    "encoding": "json_invalid",
    "too_deep": "json_too_deep",
    "number_too_large": "json_number_too_large",
}

_IMAGE_KEYS: Final = ("id", "file_name", "width", "height")
_ANNOTATION_KEYS: Final = ("id", "image_id", "category_id", "bbox")
_CATEGORY_KEYS: Final = ("id", "name")
# Optional for training, but pycocotools' COCOeval reads them from every annotation.


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


def _id_of(value: object) -> int | str | None:
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


def _to_float(value: float) -> float:
    """``float(value)``, with an integer too large for a float as +-infinity."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _strict_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _size_int(value: object) -> int | None:
    """A pixel count in [1, MAX_SIDE]; integral floats (640.0) are accepted."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_SIDE else None
    if isinstance(value, float) and value.is_integer() and 0 < value <= MAX_SIDE:
        return int(value)
    return None


def _kind(value: object) -> str:
    names: dict[type, str] = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
    }
    if value is None:
        return "null"
    return names.get(type(value), f"a {type(value).__name__}")


def _show(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


class _Parser:
    def __init__(self, source: str, images_dir: Path | None, box_tolerance: float) -> None:
        self.out = ParsedCoco(annotation_file=source)
        self.images_dir = images_dir
        self.tolerance = box_tolerance
        self.sizes: dict[int, tuple[int, int]] = {}  # image id -> (width, height) as recorded
        self.files: dict[int, str] = {}  # image id -> file path (for messages)
        self.all_image_ids: set[int] = set()
        self.category_ids: set[int] = set()

    def file_of(self, file_name: str) -> str:
        """The image file a record names, for messages."""
        return file_name if self.images_dir is None else str(self.images_dir / file_name)

    def problem(
        self,
        code: str,
        message: str,
        *,
        image_id: int | str | None = None,
        annotation_id: int | str | None = None,
        file: str | None = None,
        taints: bool = True,
    ) -> None:
        """Record a problem; unless ``taints`` is False, its image becomes unusable."""
        if taints and isinstance(image_id, int):
            self.out.bad_image_ids.add(image_id)
        self.out.problems.append(
            DataProblem(
                code=code,
                message=message,
                image_id=image_id,
                annotation_id=annotation_id,
                file=file if file is not None else self.out.annotation_file,
            )
        )

    def list_of(self, data: Mapping[str, object], key: str) -> list[object] | None:
        if key not in data:
            self.problem(
                "json_structure",
                f"the top-level object has no {key!r} list; expected a COCO instances file with "
                f"'images', 'annotations' and 'categories' lists (keys found: "
                f"{', '.join(sorted(data)) or 'none'})",
            )
            return None
        value = data[key]
        if not isinstance(value, list):
            self.problem(
                "json_structure",
                f"{key!r} is {_kind(value)}, expected a list of {key[:-1]} objects",
            )
            return None
        return cast(list[object], value)

    def record(
        self, kind: str, index: int, value: object, required: Sequence[str]
    ) -> Mapping[str, object] | None:
        """The record as a mapping if it is an object with every required key."""
        label = f"{kind}[{index}]"
        is_image = kind == "images"
        if not isinstance(value, dict):
            self.problem(
                "record_not_object",
                f"{label} is {_kind(value)} ({_show(value)}), expected an object with keys "
                f"{', '.join(required)}",
            )
            return None
        record = cast(Mapping[str, object], value)
        missing = [key for key in required if key not in record]
        if missing:
            record_id = _id_of(record.get("id"))
            image_id = record_id if is_image else _id_of(record.get("image_id"))
            file_name = record.get("file_name") if is_image else None
            named = f", file_name {file_name!r}" if isinstance(file_name, str) else ""
            self.problem(
                "key_missing",
                f"{label} (id {record_id if record_id is not None else 'missing'}{named}) has "
                f"no {', '.join(repr(k) for k in missing)}; COCO {kind} need "
                f"{', '.join(required)}",
                image_id=image_id if kind != "categories" else None,
                annotation_id=record_id if kind == "annotations" else None,
                file=self.file_of(file_name) if isinstance(file_name, str) else None,
            )
            return None
        return record

    # -- categories -------------------------------------------------------------------

    def categories(self, values: list[object]) -> None:
        found: list[tuple[int, str]] = []
        seen: Counter[int] = Counter()
        for index, value in enumerate(values):
            record = self.record("categories", index, value, _CATEGORY_KEYS)
            if record is None:
                continue
            category_id = _strict_int(record["id"])
            name = record["name"]
            if category_id is None:
                self.problem(
                    "value_invalid",
                    f"categories[{index}] has id {_show(record['id'])}; expected an integer",
                )
                continue
            if not isinstance(name, str) or not name:
                self.problem(
                    "value_invalid",
                    f"category {category_id} has name {_show(name)}; expected a non-empty string",
                )
                continue
            seen[category_id] += 1
            if seen[category_id] >= 2:
                self.problem(
                    "category_id_duplicate",
                    f"category id {category_id} is used by more than one category "
                    f"({name!r} and an earlier one); give every category its own id",
                )
            if seen[category_id] == 1:
                found.append((category_id, name))
        if not values:
            self.problem(
                "categories_empty",
                "'categories' is empty; a detection set needs at least one category "
                '({"id": 1, "name": "..."})',
            )
        self.category_ids = {category_id for category_id, _ in found}
        self.out.categories = tuple(sorted(found))

    # -- images -----------------------------------------------------------------------

    def images(self, values: list[object]) -> None:
        records: list[ImageRecord] = []
        id_counts: Counter[int] = Counter(
            image_id
            for value in values
            if isinstance(value, dict)
            and (image_id := _strict_int(cast(Mapping[str, object], value).get("id"))) is not None
        )
        self.all_image_ids = set(id_counts)
        self.out.named_files = tuple(
            name
            for value in values
            if isinstance(value, dict)
            and isinstance(name := cast(Mapping[str, object], value).get("file_name"), str)
        )
        first_file: dict[str, int] = {}
        first_index: dict[int, int] = {}
        for index, value in enumerate(values):
            record = self.record("images", index, value, _IMAGE_KEYS)
            if record is None:
                continue
            image_id = _strict_int(record["id"])
            file_name = record["file_name"]
            file = self.file_of(file_name) if isinstance(file_name, str) and file_name else None
            if image_id is None:
                self.problem(
                    "value_invalid",
                    f"images[{index}] has id {_show(record['id'])}; expected an integer",
                    image_id=_id_of(record["id"]),
                    file=file,
                )
                continue
            if file is None:
                self.problem(
                    "value_invalid",
                    f"image {image_id} has file_name {_show(file_name)}; expected a non-empty "
                    f"path relative to the images folder",
                    image_id=image_id,
                )
                continue
            file_name = cast(str, file_name)
            self.files.setdefault(image_id, file)
            width, height = _size_int(record["width"]), _size_int(record["height"])
            bad_sizes = [
                f"{key} {_show(record[key])}"
                for key, size in (("width", width), ("height", height))
                if size is None
            ]
            if bad_sizes:
                self.problem(
                    "value_invalid",
                    f"image {image_id} has {' and '.join(bad_sizes)}; expected positive "
                    f"integers (pixels) of at most {MAX_SIDE}",
                    image_id=image_id,
                    file=file,
                )
            if id_counts[image_id] > 1:
                if image_id in first_index:
                    self.problem(
                        "image_id_duplicate",
                        f"images[{index}] ({file_name!r}) reuses image id {image_id} of "
                        f"images[{first_index[image_id]}]; ids must be unique (annotations "
                        f"cannot tell these images apart)",
                        image_id=image_id,
                        file=file,
                    )
                    continue
                first_index[image_id] = index
            if file_name in first_file:
                self.problem(
                    "file_name_duplicate",
                    f"image {image_id} names the file {file_name!r} already used by image "
                    f"{first_file[file_name]}; each image record needs its own file",
                    image_id=image_id,
                    file=file,
                )
                continue
            first_file[file_name] = image_id
            if width is None or height is None:
                continue
            self.sizes[image_id] = (width, height)
            records.append(ImageRecord(index, image_id, file_name, width, height))
        if not values:
            self.problem("images_empty", "'images' is empty; there is nothing to train on")
        self.out.images = tuple(records)

    # -- annotations ------------------------------------------------------------------

    def annotations(self, values: list[object]) -> None:
        records: list[AnnotationRecord] = []
        id_seen: dict[int, int] = {}
        crowd = 0
        for index, value in enumerate(values):
            record = self.record("annotations", index, value, _ANNOTATION_KEYS)
            if record is None:
                continue
            found = self.annotation(index, record, id_seen)
            if found is not None:
                records.append(found)
                crowd += found.iscrowd
        self.out.annotations = tuple(records)
        self.out.counts["crowd_annotations"] = crowd

    def annotation(
        self, index: int, record: Mapping[str, object], id_seen: dict[int, int]
    ) -> AnnotationRecord | None:
        raw_id, raw_image = record["id"], record["image_id"]
        annotation_id, image_id = _strict_int(raw_id), _strict_int(raw_image)
        category_id = _strict_int(record["category_id"])
        shown_id = _id_of(raw_id)
        shown_image = _id_of(raw_image)
        file = self.files.get(image_id) if image_id is not None else None
        label = f"annotation {shown_id}" if annotation_id is not None else f"annotations[{index}]"

        def report(code: str, message: str) -> None:
            self.problem(code, message, image_id=shown_image, annotation_id=shown_id, file=file)

        invalid = [
            f"{key} {_show(record[key])}"
            for key, parsed in (
                ("id", annotation_id),
                ("image_id", image_id),
                ("category_id", category_id),
            )
            if parsed is None
        ]
        if invalid:
            report("value_invalid", f"{label} has {', '.join(invalid)}; expected integers")
        crowd_value = record.get("iscrowd", 0)
        if crowd_value not in (0, 1):
            report("value_invalid", f"{label} has iscrowd {_show(crowd_value)}; expected 0 or 1")
        area = record.get("area", 0)
        area_value = finite_number(area)
        if area_value is None or area_value < 0:
            report("value_invalid", f"{label} has area {_show(area)}; expected a number >= 0")
        if annotation_id is not None:
            if annotation_id in id_seen:
                report(
                    "annotation_id_duplicate",
                    f"annotations[{index}] reuses annotation id {annotation_id} of "
                    f"annotations[{id_seen[annotation_id]}]; ids must be unique",
                )
            else:
                id_seen[annotation_id] = index
        if image_id is not None and image_id not in self.all_image_ids:
            report(
                "annotation_image_unknown",
                f"{label} points at image_id {image_id}, which no record in 'images' has",
            )
        if category_id is not None and category_id not in self.category_ids:
            known = ", ".join(str(c) for c in sorted(self.category_ids)[:20]) or "none"
            report(
                "category_unknown",
                f"{label} has category_id {category_id}, which is not in 'categories' "
                f"(known ids: {known})",
            )
        bbox = self.bbox(label, record["bbox"], image_id, report)
        if bbox is None or annotation_id is None or image_id is None or category_id is None:
            return None
        if len(invalid) or crowd_value not in (0, 1):
            return None
        return AnnotationRecord(
            index, annotation_id, image_id, category_id, bbox, bool(crowd_value)
        )

    def bbox(
        self, label: str, value: object, image_id: int | None, report: Callable[[str, str], None]
    ) -> tuple[float, float, float, float] | None:
        shown = _show(value)
        if (
            not isinstance(value, list)
            or len(cast(list[object], value)) != 4
            or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                for v in cast(list[object], value)
            )
        ):
            report(
                "bbox_malformed",
                f"{label} has bbox {shown}; expected [x, y, width, height]: "
                f"a list of "
                f"4 numbers in absolute pixels",
            )
            return None
        x, y, w, h = (_to_float(v) for v in cast(list[float], value))
        if not all(math.isfinite(v) for v in (x, y, w, h)):
            report(
                "bbox_not_finite",
                f"{label} has bbox {[x, y, w, h]} with a non-finite number; expected 4 finite "
                f"numbers [x, y, width, height]",
            )
            return None
        bad = False
        if w <= 0 or h <= 0:
            report(
                "bbox_nonpositive",
                f"{label} has bbox [{x:g}, {y:g}, {w:g}, {h:g}] with width {w:g} and height "
                f"{h:g}; both must be > 0 (COCO boxes are [x, y, width, height], not corners)",
            )
            bad = True
        size = self.sizes.get(image_id) if image_id is not None else None
        if size is not None:
            width, height = size
            tol = self.tolerance
            if x < -tol or y < -tol or x + w > width + tol or y + h > height + tol:
                report(
                    "bbox_outside_image",
                    f"{label} has bbox [{x:g}, {y:g}, {w:g}, {h:g}] spanning x {x:g}..{x + w:g}, "
                    f"y {y:g}..{y + h:g}, outside image {image_id} of {width}x{height} "
                    f"(width x height); expected 0 <= x, x + width <= {width}, 0 <= y, "
                    f"y + height <= {height} (within {tol:g} px)",
                )
                bad = True
        return None if bad else (x, y, w, h)


def parse_coco(
    annotation_file: Path | str,
    images_dir: Path | None = None,
    *,
    box_tolerance: float,
    limit_bytes: int | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> ParsedCoco:
    """Read and validate the annotation file (not the image files).

    A file that cannot be read within bounds (missing, not a regular file, above
    ``limit_bytes``: default :data:`~plugtrain.io.ANNOTATION_LIMIT`) or that is not JSON
    within ``max_depth`` levels is one fatal problem of the result, never an exception
    (only a malformed limit in the environment raises :class:`~plugtrain.errors.DataError`).
    ``images_dir`` only places image files in messages (``None``: the file_name alone).
    """
    source = str(annotation_file)
    try:
        limit = ANNOTATION_LIMIT.resolve() if limit_bytes is None else limit_bytes
        raw = read_regular_file(
            source,
            limit_bytes=limit,
            what="annotation file",
            how_to_change=ANNOTATION_LIMIT.how_to_change(),
        )
        data = parse_json_bounded(raw, max_depth=max_depth, what="annotation file", source=source)
    except FileReadError as error:
        return _failed(source, images_dir, _READ_CODES[error.problem], error.detail)
    except JsonFileError as error:
        return _failed(source, images_dir, _JSON_CODES[error.problem], error.detail)
    return parse_coco_document(
        data, source=source, images_dir=images_dir, box_tolerance=box_tolerance
    )


def _failed(source: str, images_dir: Path | None, code: str, message: str) -> ParsedCoco:
    parser = _Parser(source, images_dir, 0.0)
    parser.problem(code, message)
    return parser.out


def parse_coco_document(
    data: object, *, source: str, images_dir: Path | None = None, box_tolerance: float
) -> ParsedCoco:
    """Validate COCO content already loaded (e.g. a dict); ``source`` names it in messages."""
    parser = _Parser(source, images_dir, box_tolerance)
    out = parser.out
    if not isinstance(data, dict):
        parser.problem(
            "json_structure",
            f"the top level is {_kind(data)}, expected an object with 'images', "
            f"'annotations' and 'categories' lists",
        )
        return out
    top = cast(dict[str, object], data)
    categories = parser.list_of(top, "categories")
    images = parser.list_of(top, "images")
    annotations = parser.list_of(top, "annotations")
    if categories is not None:
        before = len(out.problems)
        parser.categories(categories)
        out.category_problems = tuple(out.problems[before:])
    if images is not None:
        parser.images(images)
    if annotations is not None and images is not None and categories is not None:
        parser.annotations(annotations)
    out.counts.update(
        {
            "image_records": len(images or ()),
            "annotation_records": len(annotations or ()),
            "categories": len(out.categories),
        }
    )
    return out
