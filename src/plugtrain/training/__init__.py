"""The trainer, its callbacks, schedules and pickle-free checkpoints."""

from plugtrain.training._callbacks import (
    Callback,
    CheckpointCallback,
    EarlyStopping,
    MetricsLogger,
    ProgressCallback,
    TrainContext,
    TrainState,
)
from plugtrain.training._checkpoint import (
    Checkpoint,
    LoadReport,
    load_checkpoint,
    load_model_weights,
    restore_training_state,
    save_checkpoint,
)
from plugtrain.training._sampler import ResumableSampler
from plugtrain.training._schedule import ScheduleKind, build_scheduler
from plugtrain.training._trainer import Trainer

__all__ = [
    "Callback",
    "Checkpoint",
    "CheckpointCallback",
    "EarlyStopping",
    "LoadReport",
    "MetricsLogger",
    "ProgressCallback",
    "ResumableSampler",
    "ScheduleKind",
    "TrainContext",
    "TrainState",
    "Trainer",
    "build_scheduler",
    "load_checkpoint",
    "load_model_weights",
    "restore_training_state",
    "save_checkpoint",
]
