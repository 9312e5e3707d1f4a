"""One experiment config in, a trained detector and its artefacts out (the main job).

Writes into ``train.output_dir``: ``checkpoints/last.*`` and ``checkpoints/best.*``,
``metrics.jsonl``, ``training_curve.png``, ``val_predictions.png`` and ``summary.json``.
Under ``torchrun`` every rank trains its share of each batch (DDP, gloo on CPU) and only
rank 0 writes.
"""

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DataLoader

from plugtrain._seed import seed_everything
from plugtrain.builders._model import build_detector
from plugtrain.builders._plots import plot_training_curve, save_prediction_grid
from plugtrain.builders._training import (
    build_datasets,
    build_eval_loader,
    build_lr_scheduler,
    build_optimizer,
    build_train_loader,
)
from plugtrain.config import ExperimentConfig
from plugtrain.data import Batch, CocoDataset, Sample
from plugtrain.errors import CheckpointError
from plugtrain.evaluation import CocoEvaluator
from plugtrain.models import Detector
from plugtrain.structures import Detections
from plugtrain.tasks import DetectionTask
from plugtrain.training import (
    Callback,
    CheckpointCallback,
    MetricsLogger,
    ProgressCallback,
    Trainer,
    load_checkpoint,
)

__all__ = ["RunSummary", "detector_from_checkpoint", "evaluate_detector", "train_from_config"]


@dataclass(frozen=True)
class RunSummary:
    """What ``summary.json`` holds."""

    map: float
    map50: float
    map75: float
    epochs: int
    steps: int
    wall_seconds: float
    images_per_second: float
    checkpoint: str
    best_checkpoint: str | None
    output_dir: str
    world_size: int
    weight_digests: tuple[str, ...]
    """SHA-256 of the final parameters on each rank: one value repeated when DDP kept them
    equal."""


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
    category ids).
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


def _as_batch(batch: object) -> Batch:
    if not isinstance(batch, Batch):
        raise TypeError(
            f"expected the data loader to yield plugtrain.data.Batch, got {type(batch)}"
        )
    return batch


def _weight_digest(model: nn.Module) -> str:
    digest = hashlib.sha256()
    # Parameters only: BatchNorm running statistics are each rank's own between broadcasts.
    for name, value in sorted(model.named_parameters()):
        digest.update(name.encode())
        digest.update(value.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def _gather_digests(model: nn.Module) -> tuple[str, ...]:
    mine = _weight_digest(model)
    if not dist.is_initialized():
        return (mine,)
    everyone: list[object] = [None] * dist.get_world_size()
    dist.all_gather_object(everyone, mine)
    return tuple(str(value) for value in everyone)


def _differences(saved: object, current: object, prefix: str = "") -> list[str]:
    if isinstance(saved, dict) and isinstance(current, dict):
        saved_map = cast(dict[str, object], saved)
        current_map = cast(dict[str, object], current)
        keys = sorted(set(saved_map) | set(current_map))
        return [
            found
            for key in keys
            for found in _differences(
                saved_map.get(key), current_map.get(key), f"{prefix}.{key}" if prefix else key
            )
        ]
    return [] if saved == current else [prefix]


def _require_same_config(saved: object, current: object, path: Path) -> None:
    """Resuming with another config would mix two runs (e.g. two schedules): refuse."""
    changed = _differences(saved, current)
    if changed:
        raise CheckpointError(
            f"--resume needs the config the checkpoint was trained with; these keys differ: "
            f"{', '.join(changed)}. Resume with the same config, or start a new run (a new "
            f"train.output_dir) that loads these weights",
            path=str(path),
        )


def _distributed() -> tuple[int, int]:
    """(rank, world size); starts the gloo/nccl process group under torchrun."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size > 1 and not dist.is_initialized():
        dist.init_process_group(backend="nccl" if torch.cuda.is_available() else "gloo")
    if dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def train_from_config(
    config: ExperimentConfig,
    *,
    resume: bool = False,
    device: str | None = None,
    extra_callbacks: tuple[Callback, ...] = (),
    metadata: Mapping[str, Any] | None = None,
) -> RunSummary:
    """Train, evaluate and write the artefacts of one experiment; return the summary."""
    started = time.perf_counter()
    rank, world_size = _distributed()
    seed_everything(config.train.seed + rank)
    output = Path(config.train.output_dir)
    checkpoints = output / "checkpoints"
    chosen = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))

    datasets = build_datasets(config.data)
    train_loader = build_train_loader(
        datasets.train, config.data, seed=config.train.seed, rank=rank, world_size=world_size
    )
    val_loader = None if datasets.val is None else build_eval_loader(datasets.val, config.data)
    val_annotations = Path(config.data.val.annotations) if config.data.val else Path()

    seed_everything(config.train.seed)  # the same initial weights on every rank
    detector = build_detector(config.model)
    optimizer = build_optimizer(config.train.optimizer, detector)
    scheduler = build_lr_scheduler(
        config.train.scheduler,
        optimizer,
        steps_per_epoch=len(train_loader),
        epochs=config.train.epochs,
    )
    interval = config.eval.interval_epochs
    epochs_done = [0]

    def evaluate(model: nn.Module) -> dict[str, float]:
        epochs_done[0] += 1
        last = epochs_done[0] == config.train.epochs
        if datasets.val is None or val_loader is None or (epochs_done[0] % interval and not last):
            return {}
        return evaluate_detector(model, val_loader, datasets.val, val_annotations)

    monitor = config.eval.metric if datasets.val is not None else None
    checkpoint_callback = CheckpointCallback(
        checkpoints, every_steps=max(1, len(train_loader) // 2), monitor=monitor
    )
    callbacks: list[Callback] = [
        ProgressCallback(),
        MetricsLogger(output / "metrics.jsonl"),
        checkpoint_callback,
        *extra_callbacks,
    ]
    run_metadata = {
        "config": config.model_dump(mode="json"),
        "class_names": list(datasets.train.category_names),
        "category_ids": list(datasets.train.categories.ids),
        **dict(metadata or {}),
    }
    trainer = Trainer(
        model=detector,
        task=DetectionTask(),
        optimizer=optimizer,
        scheduler=scheduler,
        train_loader=train_loader,
        epochs=config.train.epochs,
        evaluate=evaluate,
        callbacks=callbacks,
        grad_clip_norm=config.train.grad_clip_norm,
        device=chosen,
        metadata=run_metadata,
    )
    resume_from = None
    if resume and checkpoint_callback.last_path.exists():
        resume_from = load_checkpoint(checkpoint_callback.last_path)
        _require_same_config(
            resume_from.metadata.get("config"), run_metadata["config"], resume_from.path
        )
        epochs_done[0] = resume_from.epoch
        checkpoint_callback.best = resume_from.metadata.get("best")
    state = trainer.fit(resume=resume_from)
    metrics = state.metrics or (
        evaluate_detector(detector, val_loader, datasets.val, val_annotations)
        if val_loader is not None and datasets.val is not None
        else {}
    )
    summary = RunSummary(
        map=metrics.get("map", float("nan")),
        map50=metrics.get("map50", float("nan")),
        map75=metrics.get("map75", float("nan")),
        epochs=state.epoch,
        steps=state.step,
        wall_seconds=round(time.perf_counter() - started, 2),
        images_per_second=round(state.images_seen * world_size / max(state.wall_seconds, 1e-9), 2),
        checkpoint=str(checkpoint_callback.last_path),
        best_checkpoint=str(checkpoint_callback.best_path)
        if checkpoint_callback.best_path.exists()
        else None,
        output_dir=str(output),
        world_size=world_size,
        weight_digests=_gather_digests(detector),
    )
    if rank == 0:
        plot_training_curve(output / "metrics.jsonl", output / "training_curve.png")
        if datasets.val is not None:
            save_prediction_grid(
                detector, datasets.val, output / "val_predictions.png", device=chosen
            )
        (output / "summary.json").write_text(json.dumps(asdict(summary), indent=2) + "\n")
    if dist.is_initialized():
        dist.barrier()
    return summary


def detector_from_checkpoint(path: Path) -> tuple[Detector, ExperimentConfig, list[str]]:
    """The detector a training run saved, with its config and class names."""
    checkpoint = load_checkpoint(path)
    config = ExperimentConfig.model_validate(checkpoint.metadata["config"])
    detector = build_detector(config.model)
    detector.load_state_dict(checkpoint.model_state)
    return detector, config, list(checkpoint.metadata.get("class_names", []))
