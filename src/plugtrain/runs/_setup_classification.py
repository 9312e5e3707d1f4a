"""The classification setup: class folders, a backbone + classification head, top-1 accuracy.

``task: {type: classification}``; ``data.train`` / ``data.val`` are ``format: folders``
sets; images are resized to ``data.image_size``, flipped at random for training (per
sample and epoch, so a resumed run sees the same flips) and normalised with the ImageNet
mean and standard deviation (as the detectors normalise their inputs).
"""

import functools
import math
from collections.abc import Callable, Sequence
from typing import Final, final

import torch
from torch import nn
from torch.utils.data import DataLoader

from plugtrain._seed import seed_everything
from plugtrain.builders import MODEL_BUILDERS, EpochSeeded
from plugtrain.config import DataConfig, ExperimentConfig, FolderDatasetConfig, SetConfig
from plugtrain.data import (
    ClassificationSample,
    FolderDataset,
    collate_classification,
)
from plugtrain.errors import ArgumentError, DataError
from plugtrain.evaluation import Top1Accuracy
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD
from plugtrain.runs._output import RunFolder
from plugtrain.runs._plots import save_classification_grid
from plugtrain.runs._setup import PreparedRun, Setup, no_artifacts
from plugtrain.tasks import ClassificationBatch, ClassificationTask
from plugtrain.training import ResumableSampler, end_with_parent

__all__ = [
    "ClassificationSetup",
    "classification_eval_loader",
    "evaluate_classifier",
    "folder_set",
]

_TRAIN_FLIP: Final = 0.5

collate: Final[Callable[[Sequence[ClassificationSample]], ClassificationBatch]] = functools.partial(
    collate_classification, mean=IMAGENET_MEAN, std=IMAGENET_STD
)
"""Stack and normalise classification samples (ImageNet mean and std, as the detectors)."""


def folder_set(config: SetConfig, where: str) -> FolderDatasetConfig:
    """``config`` when it is a ``folders`` set; ``ArgumentError`` naming ``where`` otherwise."""
    if isinstance(config, FolderDatasetConfig):
        return config
    raise ArgumentError(
        part="ClassificationSetup",
        argument=where,
        received=f"{where}.format: {config.format}",
        expected=f"{where}.format: folders (root/<class name>/<image>)",
        fix="give a folders set, or the task that reads this format",
    )


def classification_eval_loader(
    dataset: FolderDataset, data: DataConfig
) -> DataLoader[ClassificationSample]:
    """Every image once, in order, batched as ``data.batch_size``."""
    return DataLoader(
        dataset,
        batch_size=data.batch_size,
        shuffle=False,
        num_workers=data.num_workers,
        collate_fn=collate,
        worker_init_fn=end_with_parent,
    )


def evaluate_classifier(
    model: nn.Module, loader: DataLoader[ClassificationSample], *, device: torch.device
) -> dict[str, float]:
    """``{"top1_accuracy": ...}`` of ``model`` on ``loader`` (eval mode, no gradients)."""
    meter = Top1Accuracy()
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for batch in loader:
            if not isinstance(batch, ClassificationBatch):
                raise ArgumentError(
                    part="evaluate_classifier",
                    argument="loader",
                    received=f"a loader that yields {type(batch).__name__}",
                    expected="a loader that yields ClassificationBatch",
                    fix="build it with classification_eval_loader",
                )
            logits: torch.Tensor = model(batch.images.to(device))
            meter.update(logits.float().cpu(), batch.labels)
    model.train(was_training)
    return {"top1_accuracy": meter.compute()}


def _train_loader(
    dataset: FolderDataset, config: ExperimentConfig, *, rank: int, world_size: int
) -> DataLoader[ClassificationSample]:
    seed = config.train.seed
    seeded = EpochSeeded(dataset, seed=seed)
    sampler = ResumableSampler(seeded, seed=seed, rank=rank, world_size=world_size)
    batch_size = min(config.data.batch_size, max(1, math.ceil(len(dataset) / world_size)))
    return DataLoader(
        seeded,
        batch_size=batch_size,
        sampler=sampler,
        num_workers=config.data.num_workers,
        collate_fn=collate,
        drop_last=False,
        worker_init_fn=end_with_parent,
    )


def _same_classes(train: FolderDataset, val: FolderDataset) -> None:
    if train.class_names != val.class_names:
        raise DataError(
            f"the val set {val.report.root} has the class folders {list(val.class_names)} but "
            f"the training set {train.report.root} has {list(train.class_names)}; both must "
            f"have the same class folders",
            file=val.report.root,
        )


@final
class ClassificationSetup(Setup):
    """Supervised classification (``task: {type: classification}``)."""

    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        size = (config.data.image_size[0], config.data.image_size[1])
        train = FolderDataset(
            folder_set(config.data.train, "data.train").root, image_size=size, flip=_TRAIN_FLIP
        )
        val_config = config.data.val
        val = (
            None
            if val_config is None
            else FolderDataset(folder_set(val_config, "data.val").root, image_size=size)
        )
        if val is not None:
            _same_classes(train, val)
        train_loader = _train_loader(train, config, rank=rank, world_size=world_size)
        seed_everything(config.train.seed)  # the same initial weights on every rank
        model = MODEL_BUILDERS["classification"](config)
        evaluate: Callable[[nn.Module], dict[str, float]] | None = None
        write: Callable[[nn.Module, RunFolder], None] = no_artifacts
        if val is not None:
            loader = classification_eval_loader(val, config.data)
            evaluate = functools.partial(evaluate_classifier, loader=loader, device=device)
            write = functools.partial(_write_grid, val=val, device=device)
        return PreparedRun(
            model=model,
            task=ClassificationTask(),
            train_loader=train_loader,
            steps_per_epoch=len(train_loader),
            class_names=train.class_names,
            evaluate=evaluate,
            write_artifacts=write,
        )

    def evaluation(
        self, config: ExperimentConfig, *, device: torch.device
    ) -> tuple[nn.Module, Callable[[nn.Module], dict[str, float]] | None]:
        """The classifier of ``config`` and its top-1 accuracy on ``data.val`` (the
        training set is not read)."""
        val_config = config.data.val
        if val_config is None:
            return MODEL_BUILDERS["classification"](config), None
        size = (config.data.image_size[0], config.data.image_size[1])
        val = FolderDataset(folder_set(val_config, "data.val").root, image_size=size)
        classes = config.model.head.num_classes
        if val.num_classes != classes:
            raise DataError(
                f"{val.report.root} has {val.num_classes} class folders "
                f"({', '.join(val.class_names)}) but the model was trained on {classes} "
                f"classes; evaluate on a set with the training set's class folders",
                file=val.report.root,
            )
        loader = classification_eval_loader(val, config.data)
        model = MODEL_BUILDERS["classification"](config)
        return model, functools.partial(evaluate_classifier, loader=loader, device=device)


def _write_grid(
    model: nn.Module, folder: RunFolder, *, val: FolderDataset, device: torch.device
) -> None:
    save_classification_grid(
        model, val, folder.val_predictions, device=device, mean=IMAGENET_MEAN, std=IMAGENET_STD
    )
