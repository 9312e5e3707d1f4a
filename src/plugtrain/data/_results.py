"""Detections back to COCO results, in the data set's own category ids and image pixels."""

from collections.abc import Sequence

from torchvision import tv_tensors
from torchvision.transforms.v2 import functional as tvf

from plugtrain._tensors import float_list, int_list
from plugtrain.data._categories import CategoryMap
from plugtrain.data._sample import BoxMapping
from plugtrain.errors import DataError
from plugtrain.structures import Detections

__all__ = ["to_coco_results"]


def to_coco_results(
    detections: Sequence[Detections],
    *,
    image_ids: Sequence[int],
    categories: CategoryMap,
    mappings: Sequence[BoxMapping] | None = None,
) -> list[dict[str, object]]:
    """COCO results (``loadRes`` format): one ``{"image_id", "category_id", "bbox",
    "score"}`` per detection, ``bbox`` as [x, y, width, height].

    ``detections[i]`` belongs to ``image_ids[i]``; labels become the file's category ids
    through ``categories``. With ``mappings`` (``Batch.mappings`` / ``Sample.mapping``) the
    boxes are mapped from the model's input back to the original image and clipped to it;
    without, they are written as they are.
    """
    if len(detections) != len(image_ids) or (
        mappings is not None and len(mappings) != len(detections)
    ):
        raise DataError(
            f"to_coco_results got {len(detections)} detections, {len(image_ids)} image ids and "
            f"{'no' if mappings is None else len(mappings)} mappings; expected one per image"
        )
    results: list[dict[str, object]] = []
    for index, (found, image_id) in enumerate(zip(detections, image_ids, strict=True)):
        boxes = found.boxes.detach().float().cpu()
        if mappings is not None:
            boxes = mappings[index].to_original(boxes)
        xywh = tvf.convert_bounding_box_format(
            boxes,
            old_format=tv_tensors.BoundingBoxFormat.XYXY,
            new_format=tv_tensors.BoundingBoxFormat.XYWH,
        )
        values = float_list(xywh)
        scores = float_list(found.scores.detach().float().cpu())
        labels = int_list(found.labels.detach().cpu())
        for k, (score, label) in enumerate(zip(scores, labels, strict=True)):
            results.append(
                {
                    "image_id": int(image_id),
                    "category_id": categories.category_id(label),
                    "bbox": values[4 * k : 4 * k + 4],
                    "score": score,
                }
            )
    return results
