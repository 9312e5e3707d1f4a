"""evaluate_coco_results: COCO box metrics of a results file against an annotation file."""

import os
from collections.abc import Sequence

from plugtrain.errors import DataError
from plugtrain.evaluation._cocoeval import run_coco_eval
from plugtrain.evaluation._ground_truth import CocoGroundTruth, GroundTruthSource
from plugtrain.evaluation._metrics import CocoMetrics
from plugtrain.evaluation._results import CocoResult, read_coco_results

__all__ = ["evaluate_coco_results"]


def evaluate_coco_results(
    ground_truth: GroundTruthSource,
    results: str | os.PathLike[str] | Sequence[CocoResult],
    *,
    image_ids: Sequence[int] | None = None,
) -> CocoMetrics:
    """COCO box metrics of ``results`` (a results JSON file or :class:`CocoResult` list).

    ``ground_truth`` is a COCO instances file or dict. Evaluates ``image_ids`` when given,
    else every image of the ground truth (as pycocotools does). Results must name images
    and categories of the ground truth; a result with another category id is an error (it
    usually means the results hold 0-based labels instead of the data set's category ids).
    """
    truth = CocoGroundTruth.load(ground_truth)
    file = None if truth.source == "<dict>" else truth.source
    found = read_coco_results(results) if isinstance(results, (str, os.PathLike)) else list(results)
    items: list[object] = list(found)  # checked at runtime: callers may pass anything
    bad = [i for i, r in enumerate(items) if not isinstance(r, CocoResult)]
    if bad:
        raise DataError(
            f"results[{bad[0]}] is {type(found[bad[0]]).__name__}; expected CocoResult "
            f"records or the path of a COCO results JSON file"
        )
    unknown_images = sorted({r.image_id for r in found if not truth.has_image(r.image_id)})
    if unknown_images:
        raise DataError(
            f"results name images {unknown_images[:10]} that the ground truth does not have; "
            f"results and annotations must come from the same data set",
            file=file,
        )
    known = set(truth.category_ids)
    unknown_categories = sorted({r.category_id for r in found if r.category_id not in known})
    if unknown_categories:
        raise DataError(
            f"results use category ids {unknown_categories[:10]} that the ground truth does "
            f"not have (its ids: {list(truth.category_ids)[:20]}); were the results written "
            f"with 0-based labels instead of the data set's category ids?",
            file=file,
        )
    evaluated = list(truth.image_ids)
    if image_ids is not None:
        evaluated = list(image_ids)
        given: list[object] = list(evaluated)  # checked at runtime: callers may pass anything
        missing = [i for i in given if not (isinstance(i, int) and truth.has_image(i))]
        if missing:
            raise DataError(
                f"image_ids {missing[:10]} are not int ids of images in the ground truth",
                file=file,
            )
    return run_coco_eval(
        image_ids=evaluated,
        category_ids=truth.category_ids,
        ground_truth=truth.boxes(evaluated),
        results=found,
    )
