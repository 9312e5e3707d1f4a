"""COCO mAP of a detector on a data set, and of a trained checkpoint (``plugtrain evaluate``)."""

from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

from plugtrain.builders import build_eval_loader
from plugtrain.data import Batch, CocoDataset, Sample, eval_transforms
from plugtrain.errors import ArgumentError, DataError
from plugtrain.evaluation import CocoEvaluator
from plugtrain.runs._trained import detector_from_checkpoint
from plugtrain.structures import Detections

__all__ = ["evaluate_checkpoint", "evaluate_detector"]


def _as_batch(batch: object) -> Batch:
    if not isinstance(batch, Batch):
        raise ArgumentError(
            part="evaluate_detector",
            argument="loader",
            received=f"a loader that yields {type(batch).__name__}",
            expected="a loader that yields plugtrain.data.Batch",
            fix="build the loader with plugtrain.builders.build_eval_loader",
        )
    return batch


def evaluate_detector(
    detector: nn.Module,
    loader: DataLoader[Sample],
    dataset: CocoDataset,
    annotations: Path,
    *,
    results: Path | None = None,
) -> dict[str, float]:
    """COCO mAP against the data set's own annotation file (crowd regions as COCO does).

    Detections are mapped from the letterboxed model input back to each original image;
    with ``results`` they are also written there as COCO results JSON (the file's own
    category ids). Returns ``map``, ``map50``, ``map75`` and the size-split metrics, in [0, 1].
    """
    categories = dataset.categories
    evaluator = CocoEvaluator(
        ground_truth=annotations,
        label_to_category={
            label: categories.category_id(label) for label in range(categories.num_classes)
        },
    )
    was_training = detector.training
    detector.eval()
    with torch.no_grad():
        for batch in loader:
            checked_batch = _as_batch(batch)
            detections: list[Detections] = detector(checked_batch.images)
            originals = [
                Detections(boxes=m.to_original(d.boxes), scores=d.scores, labels=d.labels)
                for d, m in zip(detections, checked_batch.mappings, strict=True)
            ]
            evaluator.update(originals, list(checked_batch.image_ids))
    detector.train(was_training)
    if results is not None:
        evaluator.write_results(results)
    return {k: float(v) for k, v in evaluator.compute().as_dict().items()}


def evaluate_checkpoint(
    checkpoint: Path,
    *,
    images: Path | None = None,
    annotations: Path | None = None,
    results: Path | None = None,
) -> dict[str, float]:
    """COCO mAP of a trained checkpoint on ``images``/``annotations`` (default: the run's
    val set), letterboxed to the run's image size."""
    trained = detector_from_checkpoint(checkpoint)
    config = trained.config
    val = config.data.val
    images_dir = images or (Path(val.images) if val else None)
    annotation_file = annotations or (Path(val.annotations) if val else None)
    if images_dir is None or annotation_file is None:
        raise DataError(
            "the run had no val set, so there is nothing to evaluate on by default: pass "
            "--images and --annotations (a COCO images folder and its JSON)"
        )
    size = (config.data.image_size[0], config.data.image_size[1])
    dataset = CocoDataset(images_dir, annotation_file, transforms=eval_transforms(size))
    loader = build_eval_loader(dataset, config.data)
    return evaluate_detector(trained.detector, loader, dataset, annotation_file, results=results)
