"""Tasks: how a batch becomes a loss (supervised detection, classification, auto-encoding,
contrastive pretraining)."""

from plugtrain.tasks._autoencoder import (
    AutoencoderTask,
    ReconstructionMetrics,
    reconstruction_metrics,
)
from plugtrain.tasks._batches import UnlabeledBatch
from plugtrain.tasks._contrastive import (
    ContrastiveMetrics,
    ContrastiveTask,
    TwoViewBatch,
    contrastive_model,
)
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
    "AutoencoderTask",
    "ClassificationBatch",
    "ClassificationTask",
    "ContrastiveMetrics",
    "ContrastiveTask",
    "DetectionBatch",
    "DetectionTask",
    "DomainAdversarialBatch",
    "DomainAdversarialTask",
    "MeanTeacherTask",
    "ReconstructionMetrics",
    "SemiSupervisedBatch",
    "Task",
    "Teacher",
    "TwoViewBatch",
    "UnlabeledBatch",
    "contrastive_model",
    "dann_lambda",
    "pseudo_targets",
    "reconstruction_metrics",
]
