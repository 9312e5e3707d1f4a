"""COCO ground truth for box evaluation: read once from a file or dict, checked, indexed.

Only what box evaluation needs is kept: image ids (and sizes when recorded), category ids,
and per annotation its image, category, ``[x, y, width, height]`` box, area and crowd flag.
A missing ``area`` becomes ``width * height``, a missing ``iscrowd`` 0; annotation ids are
renumbered (COCO tools need unique ids from 1), which leaves every figure unchanged.
"""

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, cast, final

from plugtrain.errors import DataError
from plugtrain.io import ANNOTATION_LIMIT, finite_number, load_json_bounded

__all__ = ["CocoGroundTruth", "GroundTruthBox", "GroundTruthSource"]

GroundTruthSource = str | os.PathLike[str] | Mapping[str, object]
"""A COCO instances file, or its content already loaded (a dict)."""

_SHOWN_PROBLEMS: Final = 5


@dataclass(frozen=True, slots=True)
class GroundTruthBox:
    """One ground-truth box: ``bbox`` is ``(x, y, width, height)`` in absolute pixels."""

    image_id: int
    category_id: int
    bbox: tuple[float, float, float, float]
    area: float
    iscrowd: bool


def _numbers(value: object) -> list[float | None]:
    """A JSON list as finite floats (``None`` for any other item); ``[]`` for a non-list."""
    if not isinstance(value, list):
        return []
    return [finite_number(v) for v in cast(list[object], value)]


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _records(data: Mapping[str, object], key: str, problems: list[str]) -> list[object]:
    value = data.get(key)
    if isinstance(value, list):
        return cast(list[object], value)
    if key not in data:
        extra = (
            " (an image-info file, as for a test split, has no ground truth to evaluate)"
            if key == "annotations"
            else ""
        )
        problems.append(f"the top-level object has no {key!r} list{extra}")
    else:
        problems.append(f"{key!r} is {type(value).__name__}, expected a list")
    return []


def _load_file(file: str) -> object:
    return load_json_bounded(
        file,
        limit_bytes=ANNOTATION_LIMIT.resolve(),
        what="COCO annotation file",
        how_to_change=ANNOTATION_LIMIT.how_to_change(),
    )


@final
class CocoGroundTruth:
    """Checked COCO ground truth; build it with :meth:`load` or from parts."""

    def __init__(
        self,
        *,
        images: Mapping[int, tuple[int, int] | None],
        category_ids: Iterable[int],
        boxes: Iterable[GroundTruthBox],
        source: str,
    ) -> None:
        self.source: Final = source
        self.category_ids: Final = tuple(sorted(set(category_ids)))
        self._sizes: Final = dict(images)
        self._boxes: Final[dict[int, list[GroundTruthBox]]] = {i: [] for i in self._sizes}
        for box in boxes:
            self._boxes[box.image_id].append(box)

    @property
    def image_ids(self) -> tuple[int, ...]:
        return tuple(self._sizes)

    def has_image(self, image_id: int) -> bool:
        return image_id in self._sizes

    def image_size(self, image_id: int) -> tuple[int, int] | None:
        """``(height, width)`` as recorded in the file, ``None`` when not recorded."""
        return self._sizes[image_id]

    def boxes(self, image_ids: Iterable[int]) -> list[GroundTruthBox]:
        return [box for image_id in image_ids for box in self._boxes.get(image_id, ())]

    @classmethod
    def load(cls, source: GroundTruthSource) -> "CocoGroundTruth":
        """Read and check a COCO instances file (path) or dict.

        Raises :class:`~plugtrain.errors.DataError` listing the first problems (with the
        record index and id) when the content is not usable for box evaluation.
        """
        given = cast(object, source)  # checked at runtime: callers may pass anything
        if isinstance(given, Mapping):
            return cls._parse(cast(Mapping[str, object], given), "<dict>")
        if not isinstance(given, (str, os.PathLike)):
            raise DataError(
                f"ground_truth is {type(source).__name__}; expected the path of a COCO "
                f"instances JSON file or its content as a dict"
            )
        file = str(source)
        data = _load_file(file)
        if not isinstance(data, dict):
            raise DataError(
                f"the COCO annotation file holds {type(data).__name__}, expected an object "
                f"with 'images', 'annotations' and 'categories' lists",
                file=file,
            )
        return cls._parse(cast(dict[str, object], data), file)

    @classmethod
    def _parse(cls, data: Mapping[str, object], source: str) -> "CocoGroundTruth":
        problems: list[str] = []
        images = _parse_images(_records(data, "images", problems), problems)
        categories = _parse_categories(_records(data, "categories", problems), problems)
        boxes = _parse_annotations(
            _records(data, "annotations", problems), images, categories, problems
        )
        if problems:
            shown = "\n  ".join(problems[:_SHOWN_PROBLEMS])
            more = len(problems) - _SHOWN_PROBLEMS
            tail = f"\n  ... and {more} more" if more > 0 else ""
            raise DataError(
                f"the COCO ground truth cannot be evaluated against: {len(problems)} "
                f"problem{'s' if len(problems) != 1 else ''}:\n  {shown}{tail}",
                file=None if source == "<dict>" else source,
            )
        return cls(images=images, category_ids=categories, boxes=boxes, source=source)


def _parse_images(
    values: Sequence[object], problems: list[str]
) -> dict[int, tuple[int, int] | None]:
    images: dict[int, tuple[int, int] | None] = {}
    for index, value in enumerate(values):
        record = cast(dict[str, object], value) if isinstance(value, dict) else None
        image_id = _int(record.get("id")) if record is not None else None
        if record is None or image_id is None:
            problems.append(f"images[{index}] has no int 'id'")
            continue
        if image_id in images:
            problems.append(f"images[{index}] repeats image id {image_id}")
            continue
        height, width = _int(record.get("height")), _int(record.get("width"))
        images[image_id] = (height, width) if height is not None and width is not None else None
    return images


def _parse_categories(values: Sequence[object], problems: list[str]) -> list[int]:
    categories: list[int] = []
    for index, value in enumerate(values):
        record = cast(dict[str, object], value) if isinstance(value, dict) else None
        category_id = _int(record.get("id")) if record is not None else None
        if category_id is None:
            problems.append(f"categories[{index}] has no int 'id'")
        elif category_id in categories:
            problems.append(f"categories[{index}] repeats category id {category_id}")
        else:
            categories.append(category_id)
    return categories


def _parse_annotations(
    values: Sequence[object],
    images: Mapping[int, object],
    categories: Sequence[int],
    problems: list[str],
) -> list[GroundTruthBox]:
    known_categories = set(categories)
    boxes: list[GroundTruthBox] = []
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            problems.append(f"annotations[{index}] is {type(value).__name__}, not an object")
            continue
        record = cast(dict[str, object], value)
        label = f"annotations[{index}] (id {record.get('id')!r})"
        image_id, category_id = _int(record.get("image_id")), _int(record.get("category_id"))
        raw_box = record.get("bbox")
        box = _numbers(raw_box)
        crowd = record.get("iscrowd", 0)
        area = record.get("area")
        found: list[str] = []
        if image_id is None or image_id not in images:
            found.append(f"image_id {record.get('image_id')!r} is not an image of 'images'")
        if category_id is None or category_id not in known_categories:
            found.append(
                f"category_id {record.get('category_id')!r} is not a category of 'categories'"
            )
        if len(box) != 4 or any(v is None for v in box):
            found.append(f"bbox {raw_box!r} is not [x, y, width, height] (4 finite numbers)")
        elif cast(float, box[2]) < 0 or cast(float, box[3]) < 0:
            found.append(f"bbox {raw_box!r} has a negative width or height")
        if crowd not in (0, 1):
            found.append(f"iscrowd {crowd!r} is not 0 or 1")
        area_value = finite_number(area)
        if area is not None and (area_value is None or area_value < 0):
            found.append(f"area {area!r} is not a number >= 0")
        if found:
            problems.append(f"{label}: {'; '.join(found)}")
            continue
        x, y, w, h = (cast(float, v) for v in box)
        boxes.append(
            GroundTruthBox(
                image_id=cast(int, image_id),
                category_id=cast(int, category_id),
                bbox=(x, y, w, h),
                area=w * h if area_value is None else area_value,
                iscrowd=bool(crowd),
            )
        )
    return boxes
