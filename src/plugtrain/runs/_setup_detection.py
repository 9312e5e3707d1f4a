"""The detection setup: a COCO set, a detector, COCO mAP, a grid of drawn predictions."""

from collections.abc import Callable
from pathlib import Path
from typing import final

import torch
from torch import nn

from plugtrain._seed import seed_everything
from plugtrain.builders import (
    build_datasets,
    build_detector,
    build_eval_loader,
    build_train_loader,
    coco_set,
)
from plugtrain.config import ExperimentConfig
from plugtrain.data import CocoDataset
from plugtrain.runs._evaluate import evaluate_detector
from plugtrain.runs._output import RunFolder
from plugtrain.runs._plots import save_prediction_grid
from plugtrain.runs._setup import PreparedRun, Setup, no_artifacts
from plugtrain.tasks import DetectionTask

__all__ = ["DetectionSetup"]


@final
class DetectionSetup(Setup):
    """Supervised detection (``task: {type: detection}``, the default)."""

    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        datasets = build_datasets(config.data)
        train_loader = build_train_loader(
            datasets.train, config.data, seed=config.train.seed, rank=rank, world_size=world_size
        )
        seed_everything(config.train.seed)  # the same initial weights on every rank
        detector = build_detector(config.model)
        val, val_config = datasets.val, config.data.val
        evaluate: Callable[[nn.Module], dict[str, float]] | None = None
        write: Callable[[nn.Module, RunFolder], None] = no_artifacts
        if val is not None and val_config is not None:
            evaluate = _evaluator(config, val, Path(coco_set(val_config, "data.val").annotations))
            write = _grid_writer(val, device)
        return PreparedRun(
            model=detector,
            task=DetectionTask(),
            train_loader=train_loader,
            steps_per_epoch=len(train_loader),
            class_names=datasets.train.category_names,
            evaluate=evaluate,
            write_artifacts=write,
        )


def _evaluator(
    config: ExperimentConfig, val: CocoDataset, annotations: Path
) -> Callable[[nn.Module], dict[str, float]]:
    loader = build_eval_loader(val, config.data)

    def evaluate(model: nn.Module) -> dict[str, float]:
        return evaluate_detector(model, loader, val, annotations)

    return evaluate


def _grid_writer(val: CocoDataset, device: torch.device) -> Callable[[nn.Module, RunFolder], None]:
    def write(model: nn.Module, folder: RunFolder) -> None:
        save_prediction_grid(model, val, folder.val_predictions, device=device)

    return write
