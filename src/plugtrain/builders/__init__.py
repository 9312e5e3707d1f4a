"""Builders: the only code that reads configs. They turn a config into parts (jobs: runs)."""

from plugtrain.builders._model import (
    BuilderError,
    argument_path,
    assemble_detector,
    build_backbone,
    build_detector,
    build_head,
    build_neck,
)
from plugtrain.builders._parts import WeightsListener
from plugtrain.builders._torchvision import torchvision_model
from plugtrain.builders._training import (
    EpochSeeded,
    build_datasets,
    build_eval_loader,
    build_lr_scheduler,
    build_optimizer,
    build_train_loader,
)

__all__ = [
    "BuilderError",
    "EpochSeeded",
    "WeightsListener",
    "argument_path",
    "assemble_detector",
    "build_backbone",
    "build_datasets",
    "build_detector",
    "build_eval_loader",
    "build_head",
    "build_lr_scheduler",
    "build_neck",
    "build_optimizer",
    "build_train_loader",
    "torchvision_model",
]
