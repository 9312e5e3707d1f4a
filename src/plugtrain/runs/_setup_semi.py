"""The semi-supervised setup: a mean teacher over labeled COCO images and unlabeled ones.

The model is a detector (the student); the teacher is its weight average, the run's
``ema``, so the shared run evaluates it, picks ``best`` by it, checkpoints it beside the
student and restores it on a resume, and predict and export use it.
"""

import math
from collections.abc import Callable
from pathlib import Path
from typing import cast, final

import torch
from torch import nn
from torch.utils.data import DataLoader

from plugtrain._seed import seed_everything
from plugtrain.builders import build_datasets, build_ema, build_model, coco_set
from plugtrain.config import ExperimentConfig, SemiSupervisedTaskConfig
from plugtrain.data import ImageFolderDataset, SemiSupervisedDataset, collate_semi
from plugtrain.errors import ArgumentError
from plugtrain.runs._output import RunFolder
from plugtrain.runs._setup import PreparedRun, Setup, no_artifacts
from plugtrain.runs._setup_detection import detection_evaluator, prediction_grid_writer
from plugtrain.tasks import MeanTeacherTask
from plugtrain.training import ResumableSampler, end_with_parent

__all__ = ["SemiSupervisedSetup"]


def _task_config(config: ExperimentConfig) -> SemiSupervisedTaskConfig:
    task = config.task
    if not isinstance(task, SemiSupervisedTaskConfig):
        raise ArgumentError(
            part="SemiSupervisedSetup",
            argument="config.task",
            received=task.type,
            expected="task.type semi_supervised",
            fix="run this config through SETUPS[config.task.type]",
        )
    return task


@final
class SemiSupervisedSetup(Setup):
    """``task: {type: semi_supervised}``: ``data.train`` labeled (COCO), ``data.unlabeled``
    a folder of images, ``data.val`` COCO (measured with the teacher)."""

    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        task_config = _task_config(config)
        datasets = build_datasets(config.data)
        unlabeled_config = config.data.unlabeled
        if unlabeled_config is None:  # the task check refuses such a config first
            raise ArgumentError(
                part="SemiSupervisedSetup",
                argument="data.unlabeled",
                received=None,
                expected="a folder of unlabeled images (format: images)",
                fix="set data.unlabeled: {format: images, images: FOLDER}",
            )
        size = (config.data.image_size[0], config.data.image_size[1])
        unlabeled = ImageFolderDataset(unlabeled_config.images, image_size=size)
        paired = SemiSupervisedDataset(
            datasets.train,
            unlabeled,
            ratio=task_config.unlabeled_ratio,
            seed=config.train.seed,
        )
        sampler = ResumableSampler(paired, seed=config.train.seed, rank=rank, world_size=world_size)
        batch_size = min(config.data.batch_size, max(1, math.ceil(len(paired) / world_size)))
        loader = DataLoader(
            paired,
            batch_size=batch_size,
            sampler=sampler,
            num_workers=config.data.num_workers,
            collate_fn=collate_semi,
            worker_init_fn=end_with_parent,
        )
        seed_everything(config.train.seed)  # the same initial weights on every rank
        student = build_model(config)
        teacher = build_ema(task_config.teacher, student, start_step=task_config.burn_in_steps)
        val, val_config = datasets.val, config.data.val
        evaluate: Callable[[nn.Module], dict[str, float]] | None = None
        write: Callable[[nn.Module, RunFolder], None] = no_artifacts
        if val is not None and val_config is not None:
            annotations = Path(coco_set(val_config, "data.val").annotations)
            evaluate = detection_evaluator(config, val, annotations)
            write = prediction_grid_writer(val, device)
        return PreparedRun(
            model=student,
            task=MeanTeacherTask(
                teacher=teacher,
                threshold=task_config.threshold,
                unsupervised_weight=task_config.unsupervised_weight,
                regress_pseudo_boxes=task_config.regress_pseudo_boxes,
            ),
            train_loader=cast(DataLoader[object], loader),
            steps_per_epoch=len(loader),
            class_names=datasets.train.category_names,
            evaluate=evaluate,
            write_artifacts=write,
            ema=teacher,
        )
