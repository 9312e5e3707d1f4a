"""The trainer, its callbacks, schedules and pickle-free, schema-checked checkpoints."""

from plugtrain.training._callbacks import (
    Callback,
    CheckpointCallback,
    MetricsLogger,
    ProgressCallback,
    TrainContext,
    TrainState,
)
from plugtrain.training._checkpoint import (
    Checkpoint,
    LoadReport,
    load_checkpoint,
    load_model_state,
    load_model_weights,
    restore_training_state,
    save_checkpoint,
)
from plugtrain.training._ema import ModelEma
from plugtrain.training._evaluation import EvaluationCallback
from plugtrain.training._lr_find import (
    MAX_LR_FIND_STEPS,
    LrFindResult,
    LrRule,
    find_lr,
    suggest_lr,
)
from plugtrain.training._metadata import (
    FORMAT,
    READABLE_FORMATS,
    CheckpointMetadata,
    EmaRecord,
    NumpyRngState,
    OptimizerRecord,
    PythonRngState,
    RngState,
    RunInfo,
    checkpoint_field_error,
    content_digest,
    read_metadata,
)
from plugtrain.training._ranks import from_rank_zero
from plugtrain.training._sampler import ResumableSampler
from plugtrain.training._schedule import ScheduleKind, build_scheduler
from plugtrain.training._tracking import (
    MlflowTracker,
    TensorBoardTracker,
    Tracker,
    finish_trackers,
)
from plugtrain.training._trainer import Trainer
from plugtrain.training._workers import end_with_parent
from plugtrain.training._writes import (
    TEMP_SUFFIX,
    append_text,
    atomic_write_bytes,
    remove_stale_temporaries,
)

__all__ = [
    "FORMAT",
    "MAX_LR_FIND_STEPS",
    "READABLE_FORMATS",
    "TEMP_SUFFIX",
    "Callback",
    "Checkpoint",
    "CheckpointCallback",
    "CheckpointMetadata",
    "EmaRecord",
    "EvaluationCallback",
    "LoadReport",
    "LrFindResult",
    "LrRule",
    "MetricsLogger",
    "MlflowTracker",
    "ModelEma",
    "NumpyRngState",
    "OptimizerRecord",
    "ProgressCallback",
    "PythonRngState",
    "ResumableSampler",
    "RngState",
    "RunInfo",
    "ScheduleKind",
    "TensorBoardTracker",
    "Tracker",
    "TrainContext",
    "TrainState",
    "Trainer",
    "append_text",
    "atomic_write_bytes",
    "build_scheduler",
    "checkpoint_field_error",
    "content_digest",
    "end_with_parent",
    "find_lr",
    "finish_trackers",
    "from_rank_zero",
    "load_checkpoint",
    "load_model_state",
    "load_model_weights",
    "read_metadata",
    "remove_stale_temporaries",
    "restore_training_state",
    "save_checkpoint",
    "suggest_lr",
]
