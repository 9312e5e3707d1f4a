"""A trained detector back from its checkpoint, with the config and classes it was made with."""

from dataclasses import dataclass
from pathlib import Path

from plugtrain.builders import DetectorModel, build_detector
from plugtrain.config import ExperimentConfig
from plugtrain.errors import CheckpointError, PlugtrainError
from plugtrain.training import (
    CheckpointMetadata,
    checkpoint_field_error,
    load_checkpoint,
    load_model_state,
)

__all__ = ["TrainedDetector", "detector_from_checkpoint", "require_config", "without_weights"]


@dataclass(frozen=True)
class TrainedDetector:
    """What ``detector_from_checkpoint`` returns.

    ``detector`` holds the trained weights (in train mode, on the CPU); ``config`` is the
    experiment it was trained with; ``class_names[label]`` names each label the detector
    predicts; ``metadata`` is the checkpoint's whole checked JSON (step, epoch, metrics...).
    """

    detector: DetectorModel
    config: ExperimentConfig
    class_names: tuple[str, ...]
    metadata: CheckpointMetadata


def require_config(metadata: CheckpointMetadata, path: Path) -> ExperimentConfig:
    """The checkpoint's experiment config; a checkpoint without one is a CheckpointError."""
    if metadata.config is None:
        raise checkpoint_field_error(
            path,
            "is null: this checkpoint was written by a Trainer driven from Python without an "
            "experiment config, so there is no detector to rebuild. Load its weights into a "
            "detector you build with plugtrain.training.load_model_weights",
            "config",
        )
    return metadata.config


def without_weights(config: ExperimentConfig) -> ExperimentConfig:
    """``config`` without the backbone's pretrained ``weights`` file: a checkpoint's own
    tensors replace them at once, so the file the run started from need not exist any more."""
    backbone = config.model.backbone.model_copy(update={"weights": None})
    return config.model_copy(
        update={"model": config.model.model_copy(update={"backbone": backbone})}
    )


def detector_from_checkpoint(path: Path) -> TrainedDetector:
    """Rebuild the detector a training run saved and load its weights (the pretrained
    ``weights`` file the run started from is not read, so it need not exist any more).

    Every field of the metadata is checked (see ``plugtrain.training.read_metadata``), and
    the tensors must be exactly those of the model the config builds; any problem is one
    :class:`~plugtrain.errors.CheckpointError` naming the field and the fix.
    """
    checkpoint = load_checkpoint(path)
    config = require_config(checkpoint.metadata, checkpoint.path)
    if config.task.type != "detection":
        raise CheckpointError(
            f"this checkpoint was trained by the {config.task.type} setup (task.type: "
            f"{config.task.type}), not detection: it holds a {config.model.head.type} model, "
            f"and predict, export and serve take detection checkpoints; measure it with "
            f"plugtrain evaluate",
            path=str(checkpoint.path),
        )
    try:
        detector = build_detector(without_weights(config).model)
    except CheckpointError:
        raise
    except PlugtrainError as error:
        raise checkpoint_field_error(
            checkpoint.path, f"describes a model that cannot be built: {error}", "config.model"
        ) from None
    load_model_state(checkpoint, detector)
    return TrainedDetector(
        detector=detector,
        config=config,
        class_names=checkpoint.metadata.class_names,
        metadata=checkpoint.metadata,
    )
