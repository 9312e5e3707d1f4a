"""Tasks: how a batch becomes a loss (supervised detection, classification)."""

from plugtrain.tasks._batches import UnlabeledBatch
from plugtrain.tasks._domain import DomainAdversarialBatch, DomainAdversarialTask, dann_lambda
from plugtrain.tasks._semi import MeanTeacherTask, SemiSupervisedBatch, Teacher, pseudo_targets
from plugtrain.tasks._tasks import (
    ClassificationBatch,
    ClassificationTask,
    DetectionBatch,
    DetectionTask,
    Task,
)

__all__ = [
    "ClassificationBatch",
    "ClassificationTask",
    "DetectionBatch",
    "DetectionTask",
    "DomainAdversarialBatch",
    "DomainAdversarialTask",
    "MeanTeacherTask",
    "SemiSupervisedBatch",
    "Task",
    "Teacher",
    "UnlabeledBatch",
    "dann_lambda",
    "pseudo_targets",
]
