"""COCO mAP of a detector on a data set, and the metrics of a trained checkpoint of any
setup (``plugtrain evaluate``)."""

from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

from plugtrain.builders import build_eval_loader, coco_set
from plugtrain.config import ExperimentConfig, FolderDatasetConfig
from plugtrain.data import Batch, CocoDataset, Sample, eval_transforms
from plugtrain.errors import ArgumentError, DataError
from plugtrain.evaluation import CocoEvaluator
from plugtrain.runs._trained import detector_from_checkpoint, require_config, without_weights
from plugtrain.structures import Detections
from plugtrain.training import Checkpoint, load_checkpoint, load_model_state

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
    folders: Path | None = None,
) -> dict[str, float]:
    """The metrics of a trained checkpoint's setup on its val set.

    Detection: COCO mAP on ``images``/``annotations`` (default: the run's val set),
    letterboxed to the run's image size, with ``results`` written as COCO results JSON.
    The other setups: their own metrics (classification: ``top1_accuracy``) on the run's
    val set, or on the ``folders`` set given.
    """
    loaded = load_checkpoint(checkpoint)
    saved = require_config(loaded.metadata, loaded.path)
    if saved.task.type != "detection":
        given = [
            f"--{n}"
            for n, v in (("images", images), ("annotations", annotations), ("results", results))
            if v is not None
        ]
        if given:
            raise ArgumentError(
                part="plugtrain evaluate",
                argument=given[0],
                received=f"{', '.join(given)} for a checkpoint of the {saved.task.type} setup",
                expected="--images/--annotations/--results only for detection checkpoints",
                fix="leave them out to use the run's val set, or pass --folders DIR (a "
                "folders set)",
            )
        return _evaluate_setup(loaded, saved, folders)
    if folders is not None:
        raise ArgumentError(
            part="plugtrain evaluate",
            argument="--folders",
            received="--folders for a detection checkpoint",
            expected="--images and --annotations (a COCO set) for detection",
            fix="pass --images DIR --annotations FILE.json, or leave them out for the val set",
        )
    trained = detector_from_checkpoint(checkpoint)
    config = trained.config
    coco = None if config.data.val is None else coco_set(config.data.val, "data.val")
    images_dir = images or (Path(coco.images) if coco is not None else None)
    annotation_file = annotations or (Path(coco.annotations) if coco is not None else None)
    if images_dir is None or annotation_file is None:
        raise DataError(
            "the run had no val set, so there is nothing to evaluate on by default: pass "
            "--images and --annotations (a COCO images folder and its JSON)"
        )
    size = (config.data.image_size[0], config.data.image_size[1])
    dataset = CocoDataset(images_dir, annotation_file, transforms=eval_transforms(size))
    loader = build_eval_loader(dataset, config.data)
    return evaluate_detector(trained.detector, loader, dataset, annotation_file, results=results)


def _evaluate_setup(
    checkpoint: Checkpoint, saved: ExperimentConfig, folders: Path | None
) -> dict[str, float]:
    """The setup's own metrics of a non-detection checkpoint, on the CPU."""
    from plugtrain.runs._setups import setup_of

    config = without_weights(saved)
    if folders is not None:
        val = FolderDatasetConfig(format="folders", root=str(folders))
        config = config.model_copy(update={"data": config.data.model_copy(update={"val": val})})
    model, evaluate = setup_of(config).evaluation(config, device=torch.device("cpu"))
    if evaluate is None:
        raise DataError(
            "the run had no val set, so there is nothing to evaluate on by default: pass "
            "--folders DIR (one sub-folder per class)"
        )
    load_model_state(checkpoint, model)
    return evaluate(model)
