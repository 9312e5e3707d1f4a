"""COCO results: detections as ``{"image_id", "category_id", "bbox", "score"}`` records.

The one COCO results writer of plugtrain. Boxes go from plugtrain's xyxy (absolute pixels,
optionally mapped back from the model's input through a ``BoxMapping``) to COCO's
``[x, y, width, height]`` in float64, labels from 0-based class labels to the data set's
own category ids.
"""

import json
import os
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import torch

from plugtrain._tensors import float_list, int_list
from plugtrain.data._categories import CategoryMap, check_label_map, describe_label_map
from plugtrain.data._sample import BoxMapping
from plugtrain.errors import DataError
from plugtrain.io import ANNOTATION_LIMIT, finite_number, load_json_bounded
from plugtrain.structures import Detections

__all__ = [
    "CocoResult",
    "coco_results",
    "dump_coco_results",
    "read_coco_results",
    "write_coco_results",
]

_KEYS = ("image_id", "category_id", "bbox", "score")


@dataclass(frozen=True, slots=True)
class CocoResult:
    """One detection in COCO results form: ``bbox`` is ``(x, y, width, height)`` in pixels."""

    image_id: int
    category_id: int
    bbox: tuple[float, float, float, float]
    score: float

    def as_dict(self) -> dict[str, object]:
        """The JSON record COCO tools read."""
        return {
            "image_id": self.image_id,
            "category_id": self.category_id,
            "bbox": list(self.bbox),
            "score": self.score,
        }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_image_ids(image_ids: Sequence[int], *, count: int, what: str) -> list[int]:
    """``image_ids`` as a list after checking: ints, one per item of ``what``, no repeats."""
    given = cast(object, image_ids)  # checked at runtime: callers may pass anything
    if isinstance(given, (str, bytes)) or not isinstance(given, Sequence):
        raise DataError(
            f"image_ids is {type(image_ids).__name__}; expected a sequence of int COCO image "
            f"ids, one per {what}"
        )
    ids = list(image_ids)
    if len(ids) != count:
        raise DataError(
            f"got {count} {what} but {len(ids)} image ids; pass exactly one image id per "
            f"{what}, in the same order"
        )
    bad = [f"[{i}] {v!r}" for i, v in enumerate(ids) if not _is_int(v)]
    if bad:
        raise DataError(
            f"image ids must be ints (COCO image ids), got {', '.join(bad[:5])}; convert "
            f"them with int(...)"
        )
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise DataError(
            f"image ids {repeated[:10]} occur more than once in one call; each image must be "
            f"passed once"
        )
    return ids


def _image_results(
    detections: Detections,
    image_id: int,
    label_map: Mapping[int, int],
    mapping: BoxMapping | None = None,
) -> list[CocoResult]:
    if len(detections) == 0:
        return []
    boxes = detections.boxes.detach().to(device="cpu", dtype=torch.float64)
    scores = detections.scores.detach().to(device="cpu", dtype=torch.float64)
    labels = int_list(detections.labels.detach().cpu())
    finite = torch.isfinite(boxes).all(dim=1) & torch.isfinite(scores)
    if not bool(finite.all()):
        index = int_list((~finite).nonzero().flatten())[0]
        raise DataError(
            f"image {image_id}: detection {index} has a non-finite box "
            f"{float_list(boxes[index])} or score {float(scores[index])}; the model produced "
            f"NaN/inf (check the run for a diverged loss)",
            record_id=image_id,
        )
    x1, y1, x2, y2 = boxes.unbind(dim=1)
    widths, heights = x2 - x1, y2 - y1
    inverted = (widths < 0) | (heights < 0)
    if bool(inverted.any()):
        index = int_list(inverted.nonzero().flatten())[0]
        raise DataError(
            f"image {image_id}: detection {index} has box {float_list(boxes[index])} with "
            f"x2 < x1 or y2 < y1; Detections boxes must be (x1, y1, x2, y2) absolute pixels",
            record_id=image_id,
        )
    unmapped = sorted({label for label in labels if label not in label_map})
    if unmapped:
        raise DataError(
            f"image {image_id}: detections have labels {unmapped} that label_to_category does "
            f"not map ({describe_label_map(label_map)}); the model predicts more classes than "
            f"the data set has: check num_classes, or add the labels to the map",
            record_id=image_id,
        )
    if mapping is not None:
        x1, y1, x2, y2 = mapping.to_original(boxes).unbind(dim=1)
        widths, heights = x2 - x1, y2 - y1
    columns = (float_list(x1), float_list(y1), float_list(widths), float_list(heights))
    return [
        CocoResult(
            image_id=image_id,
            category_id=label_map[label],
            bbox=(x, y, w, h),
            score=score,
        )
        for x, y, w, h, score, label in zip(*columns, float_list(scores), labels, strict=True)
    ]


def results_of_images(
    detections: Sequence[Detections],
    image_ids: Sequence[int],
    label_map: Mapping[int, int],
    mappings: Sequence[BoxMapping] | None = None,
) -> list[list[CocoResult]]:
    """Per image, its results (label map, image ids and mappings already checked)."""
    out: list[list[CocoResult]] = []
    for index, (found, image_id) in enumerate(zip(detections, image_ids, strict=True)):
        item = cast(object, found)  # checked at runtime: callers may pass anything
        if not isinstance(item, Detections):
            raise DataError(
                f"detections[{index}] is {type(found).__name__}; expected "
                f"plugtrain.structures.Detections (one per image, as a Detector returns them)"
            )
        mapping = None if mappings is None else mappings[index]
        out.append(_image_results(found, image_id, label_map, mapping))
    return out


def coco_results(
    detections: Sequence[Detections],
    image_ids: Sequence[int],
    label_to_category: Mapping[int, int] | CategoryMap,
    *,
    mappings: Sequence[BoxMapping] | None = None,
) -> list[CocoResult]:
    """The detections of several images as COCO results, with the data set's category ids.

    ``detections[i]`` belongs to image ``image_ids[i]``; ``label_to_category`` maps each
    0-based label to its COCO category id (a data set's :class:`~plugtrain.data.CategoryMap`
    does). With ``mappings`` (``Batch.mappings`` / ``Sample.mapping``, one per image) the
    boxes are mapped from the model's input back to the original image and clipped to it;
    without, they are written as they are. Raises :class:`~plugtrain.errors.DataError` on
    mismatched lengths, repeated or non-int image ids, unmapped labels, non-finite or
    inverted boxes.
    """
    given = cast(object, detections)  # checked at runtime: callers may pass anything
    if isinstance(given, Detections) or not isinstance(given, Sequence):
        raise DataError(
            f"detections is {type(detections).__name__}; expected a list of Detections, one "
            f"per image"
        )
    label_map = check_label_map(label_to_category)
    ids = check_image_ids(image_ids, count=len(detections), what="Detections")
    if mappings is not None and len(mappings) != len(detections):
        raise DataError(
            f"got {len(detections)} Detections but {len(mappings)} box mappings; pass one "
            f"BoxMapping per Detections (Batch.mappings), in the same order, or none"
        )
    found = results_of_images(detections, ids, label_map, mappings)
    return [r for image in found for r in image]


def dump_coco_results(path: str | os.PathLike[str], results: Sequence[CocoResult]) -> int:
    """Write ``results`` as a COCO results JSON file, atomically; returns how many."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps([r.as_dict() for r in results], allow_nan=False)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(results)


def write_coco_results(
    path: str | os.PathLike[str],
    detections: Sequence[Detections],
    image_ids: Sequence[int],
    label_to_category: Mapping[int, int] | CategoryMap,
    *,
    mappings: Sequence[BoxMapping] | None = None,
) -> int:
    """Write detections as a COCO results JSON file (``[{"image_id", "category_id",
    "bbox": [x, y, w, h], "score"}]``) with the data set's category ids, boxes mapped back
    through ``mappings`` as :func:`coco_results` does; returns how many records were
    written. The file is replaced atomically."""
    found = coco_results(detections, image_ids, label_to_category, mappings=mappings)
    return dump_coco_results(path, found)


def _parse_record(value: object, index: int, file: str) -> CocoResult:
    def fail(problem: str) -> DataError:
        return DataError(
            f"result [{index}] {problem}; expected {{'image_id': int, 'category_id': int, "
            f"'bbox': [x, y, width, height], 'score': number}}",
            file=file,
            record_id=index,
        )

    if not isinstance(value, dict):
        raise fail(f"is {type(value).__name__}, not an object")
    record = cast(dict[str, object], value)
    missing = [key for key in _KEYS if key not in record]
    if missing:
        raise fail(f"has no {', '.join(repr(k) for k in missing)}")
    image_id, category_id = record["image_id"], record["category_id"]
    if not (_is_int(image_id) and _is_int(category_id)):
        raise fail(f"has image_id {image_id!r} and category_id {category_id!r}, not ints")
    raw_box = record["bbox"]
    box = (
        [finite_number(v) for v in cast(list[object], raw_box)] if isinstance(raw_box, list) else []
    )
    if len(box) != 4 or any(v is None for v in box):
        raise fail(f"has bbox {raw_box!r}, not 4 finite numbers")
    x, y, w, h = (cast(float, v) for v in box)
    if w < 0 or h < 0:
        raise fail(f"has bbox {raw_box!r} with a negative width or height")
    score = finite_number(record["score"])
    if score is None:
        raise fail(f"has score {record['score']!r}, not a finite number")
    return CocoResult(
        image_id=cast(int, image_id),
        category_id=cast(int, category_id),
        bbox=(x, y, w, h),
        score=score,
    )


def read_coco_results(path: str | os.PathLike[str]) -> list[CocoResult]:
    """Read and check a COCO results JSON file (as :func:`write_coco_results` writes it).

    Raises :class:`~plugtrain.errors.DataError` naming the file and the record index when
    the file is missing, not JSON, not a list, or a record is malformed.
    """
    file = str(path)
    data = load_json_bounded(
        file,
        limit_bytes=ANNOTATION_LIMIT.resolve(),
        what="COCO results file",
        how_to_change=ANNOTATION_LIMIT.how_to_change(),
    )
    if not isinstance(data, list):
        raise DataError(
            f"the COCO results file holds {type(data).__name__}, expected a JSON list of "
            f"{{'image_id', 'category_id', 'bbox', 'score'}} records",
            file=file,
        )
    return [_parse_record(v, i, file) for i, v in enumerate(cast(list[object], data))]
