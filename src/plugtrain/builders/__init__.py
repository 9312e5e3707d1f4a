"""Builders: the only code that reads configs. They turn a config into parts (jobs: runs)."""

from plugtrain.builders._augment import TrainAugment, build_train_augment, with_mosaic
from plugtrain.builders._classifier import build_classification_head, build_classifier
from plugtrain.builders._domain import build_domain_adversarial_classifier
from plugtrain.builders._ema import build_ema
from plugtrain.builders._model import (
    BuilderError,
    DetectorModel,
    argument_path,
    assemble_detector,
    assemble_two_stage,
    build_backbone,
    build_detector,
    build_head,
    build_neck,
    build_one_stage_detector,
    detection_head,
    require_two_stage_backbone,
)
from plugtrain.builders._models import MODEL_BUILDERS, ModelBuilder, build_model
from plugtrain.builders._parts import WeightsListener
from plugtrain.builders._self_supervised import (
    build_autoencoder,
    build_contrastive_model,
    build_projection_head,
    build_reconstruction_head,
)
from plugtrain.builders._torchvision import torchvision_model
from plugtrain.builders._tracking import build_trackers
from plugtrain.builders._training import (
    EpochSeeded,
    build_datasets,
    build_eval_loader,
    build_lr_scheduler,
    build_optimizer,
    build_train_loader,
    coco_set,
)
from plugtrain.builders._two_stage import RegionHeads, build_faster_rcnn

__all__ = [
    "MODEL_BUILDERS",
    "BuilderError",
    "DetectorModel",
    "EpochSeeded",
    "ModelBuilder",
    "RegionHeads",
    "TrainAugment",
    "WeightsListener",
    "argument_path",
    "assemble_detector",
    "assemble_two_stage",
    "build_autoencoder",
    "build_backbone",
    "build_classification_head",
    "build_classifier",
    "build_contrastive_model",
    "build_datasets",
    "build_detector",
    "build_domain_adversarial_classifier",
    "build_ema",
    "build_eval_loader",
    "build_faster_rcnn",
    "build_head",
    "build_lr_scheduler",
    "build_model",
    "build_neck",
    "build_one_stage_detector",
    "build_optimizer",
    "build_projection_head",
    "build_reconstruction_head",
    "build_trackers",
    "build_train_augment",
    "build_train_loader",
    "coco_set",
    "detection_head",
    "require_two_stage_backbone",
    "torchvision_model",
    "with_mosaic",
]
