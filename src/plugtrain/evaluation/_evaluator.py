"""CocoEvaluator: COCO box mAP accumulated batch by batch, as a training loop needs it."""

import os
from collections.abc import Mapping, Sequence
from typing import Final, cast, final

import torch

from plugtrain._tensors import float_list, int_list
from plugtrain.data._categories import (
    CategoryMap,
    check_label_map,
    consecutive_label_map,
    describe_label_map,
)
from plugtrain.errors import DataError
from plugtrain.evaluation._cocoeval import run_coco_eval
from plugtrain.evaluation._ground_truth import CocoGroundTruth, GroundTruthBox, GroundTruthSource
from plugtrain.evaluation._metrics import CocoMetrics
from plugtrain.evaluation._results import (
    CocoResult,
    check_image_ids,
    dump_coco_results,
    results_of_images,
)
from plugtrain.structures import Detections, Targets

__all__ = ["CocoEvaluator"]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _target_boxes(
    targets: Targets, image_id: int, label_map: Mapping[int, int]
) -> list[GroundTruthBox]:
    labels = int_list(targets.labels.detach().cpu())
    unmapped = sorted({label for label in labels if label not in label_map})
    if unmapped:
        raise DataError(
            f"image {image_id}: target labels {unmapped} have no category id in "
            f"label_to_category ({describe_label_map(label_map)}); map every class label",
            record_id=image_id,
        )
    boxes = targets.boxes.detach().to(device="cpu", dtype=torch.float64)
    x1, y1, x2, y2 = boxes.unbind(dim=1)
    widths, heights = x2 - x1, y2 - y1
    columns = (float_list(x1), float_list(y1), float_list(widths), float_list(heights))
    return [
        GroundTruthBox(
            image_id=image_id,
            category_id=label_map[label],
            bbox=(x, y, w, h),
            area=w * h,
            iscrowd=False,
        )
        for x, y, w, h, label in zip(*columns, labels, strict=True)
    ]


@final
class CocoEvaluator:
    """COCO box metrics (AP 0.50:0.95, AP50, AP75, AP/AR by size) over several batches.

    Two sources of ground truth:

    * ``CocoEvaluator(ground_truth=path_or_dict, label_to_category=...)``: the data set's
      COCO annotations (crowd regions honoured as COCO does). ``update`` then takes the
      batch's image ids, or its :class:`~plugtrain.structures.Targets` (only their
      ``image_id`` is used, and their ``image_size`` must equal the recorded size, because
      detections must be in the original image's pixels). ``label_to_category`` is
      required: it maps 0-based labels to the file's category ids (a data set's
      :class:`~plugtrain.data.CategoryMap` does: ``dataset.categories``).
    * ``CocoEvaluator()``: the ground truth is the ``Targets`` passed to ``update`` (no crowd
      regions; ``Targets`` carry none). ``label_to_category`` defaults to
      ``{label: label + 1}`` over the targets' ``num_classes``.

    Exactly the images passed to ``update`` are evaluated, each once; an image with no
    detections (empty ``Detections``) counts its ground truth as missed, one with no ground
    truth counts its detections as false positives. Nothing is printed.

    Example::

        evaluator = CocoEvaluator()
        for images, targets in loader:
            evaluator.update(detector(images), targets)
        metrics = evaluator.compute()  # CocoMetrics; metrics.map50, metrics.as_dict()
    """

    def __init__(
        self,
        *,
        ground_truth: GroundTruthSource | None = None,
        label_to_category: Mapping[int, int] | CategoryMap | None = None,
    ) -> None:
        self._ground_truth: Final = (
            None if ground_truth is None else CocoGroundTruth.load(ground_truth)
        )
        if self._ground_truth is not None:
            if label_to_category is None:
                raise DataError(
                    f"CocoEvaluator(ground_truth=...) needs label_to_category: the map from "
                    f"the model's 0-based labels to the data set's category ids (its category "
                    f"ids: {list(self._ground_truth.category_ids)[:20]}), e.g. the data set's "
                    f"own label map"
                )
            self._label_map: dict[int, int] | None = check_label_map(
                label_to_category, known_categories=self._ground_truth.category_ids
            )
        else:
            self._label_map = (
                None if label_to_category is None else check_label_map(label_to_category)
            )
        self._image_ids: list[int] = []
        self._seen: set[int] = set()
        self._results: list[CocoResult] = []
        self._target_boxes: list[GroundTruthBox] = []

    @property
    def label_to_category(self) -> dict[int, int] | None:
        """The label -> category id map in use (``None`` until known from targets)."""
        return None if self._label_map is None else dict(self._label_map)

    @property
    def image_ids(self) -> tuple[int, ...]:
        """The images evaluated so far, in the order they were passed."""
        return tuple(self._image_ids)

    def reset(self) -> None:
        """Forget every batch (the ground truth file and the label map stay)."""
        self._image_ids.clear()
        self._seen.clear()
        self._results.clear()
        self._target_boxes.clear()

    def update(
        self,
        detections: Sequence[Detections],
        targets_or_image_ids: Sequence[Targets] | Sequence[int],
        *,
        image_ids: Sequence[int] | None = None,
    ) -> None:
        """Add one batch: ``detections[i]`` is the prediction for the i-th image.

        ``targets_or_image_ids`` gives, per image, its :class:`~plugtrain.structures.Targets`
        or (with a COCO ``ground_truth``) its COCO image id. With targets the image id is
        ``image_ids[i]`` when given, else ``targets[i].image_id`` (which must be an int).
        A batch is checked whole before anything is kept, so a failing call changes nothing.
        """
        given = cast(object, detections)  # checked at runtime: callers may pass anything
        if isinstance(given, Detections) or not isinstance(given, Sequence):
            raise DataError(
                f"detections is {type(detections).__name__}; expected a list of Detections, "
                f"one per image (what a Detector returns for a batch)"
            )
        items: list[object] = list(targets_or_image_ids)
        if all(isinstance(item, Targets) for item in items) and items:
            targets = [item for item in items if isinstance(item, Targets)]
            ids = self._ids_of_targets(targets, image_ids, len(detections))
        elif all(_is_int(item) for item in items):
            if image_ids is not None:
                raise DataError(
                    "image ids were given twice (as the second argument and as image_ids=); "
                    "pass Targets with image_ids=, or the image ids alone"
                )
            if self._ground_truth is None and items:
                raise DataError(
                    "this CocoEvaluator has no COCO ground truth, so update() needs the "
                    "batch's Targets, not image ids; pass the targets, or build "
                    "CocoEvaluator(ground_truth=annotation_file, label_to_category=...)"
                )
            targets = []
            ids = check_image_ids(
                [item for item in items if isinstance(item, int)],
                count=len(detections),
                what="Detections",
            )
        else:
            kinds = sorted({type(item).__name__ for item in items})
            raise DataError(
                f"the second argument of update() holds {', '.join(kinds)}; expected a list of "
                f"Targets (one per image) or of int COCO image ids"
            )
        again = sorted(set(ids) & self._seen)
        if again:
            raise DataError(
                f"images {again[:10]} were already passed to this evaluator; each image is "
                f"evaluated once (call reset() before evaluating again)"
            )
        label_map, new_boxes = self._ground_truth_of(targets, ids)
        found = results_of_images(detections, ids, label_map or {})
        self._label_map = label_map
        self._target_boxes.extend(new_boxes)
        self._image_ids.extend(ids)
        self._seen.update(ids)
        self._results.extend(r for image in found for r in image)

    def _ids_of_targets(
        self, targets: Sequence[Targets], image_ids: Sequence[int] | None, count: int
    ) -> list[int]:
        if len(targets) != count:
            raise DataError(
                f"got {count} Detections but {len(targets)} Targets; pass one Targets per "
                f"Detections, in the same order"
            )
        if image_ids is not None:
            return check_image_ids(image_ids, count=count, what="Detections")
        missing = [
            f"[{i}] {t.image_id!r}" for i, t in enumerate(targets) if not _is_int(t.image_id)
        ]
        if missing:
            raise DataError(
                f"targets {', '.join(missing[:5])} have no int image_id; build Targets with "
                f"image_id=<COCO image id> or pass update(..., image_ids=[...])"
            )
        return check_image_ids(
            [t.image_id for t in targets if isinstance(t.image_id, int)],
            count=count,
            what="Detections",
        )

    def _ground_truth_of(
        self, targets: Sequence[Targets], ids: Sequence[int]
    ) -> tuple[dict[int, int] | None, list[GroundTruthBox]]:
        """The label map to use and the ground-truth boxes this batch adds (targets mode).

        The map is ``None`` only while no targets have been seen (an empty first batch).
        """
        truth = self._ground_truth
        if truth is not None:
            unknown = [image_id for image_id in ids if not truth.has_image(image_id)]
            if unknown:
                raise DataError(
                    f"images {unknown[:10]} are not in the ground truth ({truth.source}, "
                    f"{len(truth.image_ids)} images); pass the data set's own COCO image ids",
                    file=None if truth.source == "<dict>" else truth.source,
                )
            for target, image_id in zip(targets, ids, strict=False):
                recorded = truth.image_size(image_id)
                if recorded is not None and tuple(target.image_size) != recorded:
                    raise DataError(
                        f"image {image_id} is {recorded[1]}x{recorded[0]} (width x height) in "
                        f"the ground truth but its Targets say "
                        f"{target.image_size[1]}x{target.image_size[0]}: detections must be in "
                        f"the original image's pixels; scale them back before update(), or "
                        f"evaluate against the Targets with CocoEvaluator()",
                        record_id=image_id,
                    )
        label_map = self._label_map
        if truth is not None or not targets:
            return label_map, []  # with a ground truth file the constructor set the map
        if label_map is None:
            classes = sorted({t.num_classes for t in targets})
            if len(classes) != 1:
                raise DataError(
                    f"the targets of one batch disagree on num_classes ({classes}); pass "
                    f"label_to_category to CocoEvaluator"
                )
            label_map = consecutive_label_map(classes[0])
        boxes = [
            box
            for target, image_id in zip(targets, ids, strict=True)
            for box in _target_boxes(target, image_id, label_map)
        ]
        return label_map, boxes

    def results(self) -> list[CocoResult]:
        """Every detection so far as COCO results (the data set's category ids)."""
        return list(self._results)

    def write_results(self, path: str | os.PathLike[str]) -> int:
        """Write :meth:`results` as a COCO results JSON file; returns how many records."""
        return dump_coco_results(path, self._results)

    def compute(self) -> CocoMetrics:
        """COCO metrics over every image passed so far (every figure -1.0 when none)."""
        truth = self._ground_truth
        if truth is not None:
            return run_coco_eval(
                image_ids=self._image_ids,
                category_ids=truth.category_ids,
                ground_truth=truth.boxes(self._image_ids),
                results=self._results,
            )
        return run_coco_eval(
            image_ids=self._image_ids,
            category_ids=sorted((self._label_map or {}).values()),
            ground_truth=self._target_boxes,
            results=self._results,
        )
