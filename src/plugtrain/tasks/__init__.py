"""Tasks: how a batch becomes a loss (supervised detection, classification, auto-encoding,
contrastive pretraining)."""

from plugtrain.tasks._autoencoder import (
    AutoencoderTask,
    ImagesBatch,
    ReconstructionMetrics,
    reconstruction_metrics,
)
from plugtrain.tasks._contrastive import ContrastiveTask, contrastive_model
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
    "ContrastiveTask",
    "DetectionBatch",
    "DetectionTask",
    "ImagesBatch",
    "ReconstructionMetrics",
    "Task",
    "contrastive_model",
    "reconstruction_metrics",
]
