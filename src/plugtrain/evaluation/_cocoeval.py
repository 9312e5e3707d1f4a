"""Run faster-coco-eval's box evaluation quietly and read its figures into CocoMetrics."""

from collections.abc import Iterable, Sequence

import numpy as np
from faster_coco_eval import COCO, COCOeval_faster

from plugtrain.evaluation._ground_truth import GroundTruthBox
from plugtrain.evaluation._metrics import UNDEFINED, CocoMetrics
from plugtrain.evaluation._results import CocoResult

__all__ = ["run_coco_eval"]


def _quiet(*args: object, **kwargs: object) -> None:
    """faster-coco-eval reports progress and the summary table through this: drop it."""


def _dataset(
    image_ids: Sequence[int], category_ids: Sequence[int], annotations: list[object]
) -> dict[str, object]:
    return {
        "images": [{"id": image_id} for image_id in image_ids],
        "categories": [
            {"id": category_id, "name": str(category_id)} for category_id in category_ids
        ],
        "annotations": annotations,
    }


def _per_category(evaluation: COCOeval_faster) -> list[tuple[int, float]]:
    """AP 0.50:0.95 per category, as pycocotools' summarize averages it (area all, 100 dets)."""
    precision = np.asarray(evaluation.eval["precision"], dtype=np.float64)  # [T, R, K, A, M]
    out: list[tuple[int, float]] = []
    for index, category_id in enumerate(evaluation.params.catIds):
        values = precision[:, :, index, 0, -1]
        valid = values[values > -1]
        out.append((int(category_id), float(valid.mean()) if valid.size else UNDEFINED))
    return out


def run_coco_eval(
    *,
    image_ids: Sequence[int],
    category_ids: Sequence[int],
    ground_truth: Iterable[GroundTruthBox],
    results: Iterable[CocoResult],
) -> CocoMetrics:
    """COCO box metrics of ``results`` against ``ground_truth`` over exactly ``image_ids``.

    Ground truth and results outside ``image_ids`` are ignored; results of categories not in
    ``category_ids`` are ignored (callers check that beforehand).
    """
    evaluated = sorted(set(image_ids))
    categories = sorted(set(category_ids))
    wanted = set(evaluated)
    gt_boxes = [box for box in ground_truth if box.image_id in wanted]
    detections = [r for r in results if r.image_id in wanted]
    if not evaluated:
        return CocoMetrics.undefined(map_per_category=[(c, UNDEFINED) for c in categories])
    gt_annotations: list[object] = [
        {
            "id": number,
            "image_id": box.image_id,
            "category_id": box.category_id,
            "bbox": list(box.bbox),
            "area": box.area,
            "iscrowd": int(box.iscrowd),
        }
        for number, box in enumerate(gt_boxes, start=1)
    ]
    # What pycocotools' loadRes adds to each result: an id, the box area, iscrowd 0.
    dt_annotations: list[object] = [
        {
            "id": number,
            "image_id": r.image_id,
            "category_id": r.category_id,
            "bbox": list(r.bbox),
            "score": r.score,
            "area": r.bbox[2] * r.bbox[3],
            "iscrowd": 0,
        }
        for number, r in enumerate(detections, start=1)
    ]
    coco_gt = COCO(_dataset(evaluated, categories, gt_annotations), print_function=_quiet)
    coco_dt = COCO(_dataset(evaluated, categories, dt_annotations), print_function=_quiet)
    evaluation = COCOeval_faster(coco_gt, coco_dt, "bbox", print_function=_quiet)
    evaluation.params.imgIds = evaluated
    evaluation.params.catIds = categories
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    return CocoMetrics.from_stats(
        [float(v) for v in evaluation.stats],
        map_per_category=_per_category(evaluation),
        num_images=len(evaluated),
        num_ground_truth=sum(1 for box in gt_boxes if not box.iscrowd),
        num_detections=len(detections),
    )
