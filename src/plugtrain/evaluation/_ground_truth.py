"""COCO ground truth for box evaluation: read once from a file or dict, checked, indexed.

Parsed by plugtrain's one COCO parser (:func:`plugtrain.io.parse_coco_document`) under its
:data:`~plugtrain.io.EVALUATION` rules, which need what pycocotools needs and no more:
image ids (and sizes when recorded), category ids, and per annotation its image, category,
``[x, y, width, height]`` box (any size >= 0), area and crowd flag. A missing ``area``
becomes ``width * height``, a missing ``iscrowd`` 0; annotation ids are renumbered (COCO
tools need unique ids from 1), which leaves every figure unchanged.
"""

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, cast, final

from plugtrain.errors import DataError
from plugtrain.io import ANNOTATION_LIMIT, EVALUATION, load_json_bounded, parse_coco_document

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
        parsed = parse_coco_document(data, source=source, box_tolerance=0.0, rules=EVALUATION)
        problems = [p.message for p in parsed.problems]
        if problems:
            shown = "\n  ".join(problems[:_SHOWN_PROBLEMS])
            more = len(problems) - _SHOWN_PROBLEMS
            tail = f"\n  ... and {more} more" if more > 0 else ""
            raise DataError(
                f"the COCO ground truth cannot be evaluated against: {len(problems)} "
                f"problem{'s' if len(problems) != 1 else ''}:\n  {shown}{tail}",
                file=None if source == "<dict>" else source,
            )
        boxes = [
            GroundTruthBox(
                image_id=a.image_id,
                category_id=a.category_id,
                bbox=a.bbox,
                area=a.bbox[2] * a.bbox[3] if a.area is None else a.area,
                iscrowd=a.iscrowd,
            )
            for a in parsed.annotations
        ]
        return cls(
            images=parsed.image_sizes,
            category_ids=[category_id for category_id, _ in parsed.categories],
            boxes=boxes,
            source=source,
        )
