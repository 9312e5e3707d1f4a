"""The ``task`` section: which learning setup trains the model (detection by default).

The model is the same set of parts in every setup; the task decides what a batch is and
what is learned from it. Each task config class states what it needs of the rest of the
config (:class:`TaskRequirements`); one checker (``plugtrain.config.check_task``) turns a
mismatch into config issues. A new setup adds its class to :data:`TaskConfig`.
"""

from typing import Annotated, ClassVar, Final, Literal, cast, get_args

from pydantic import Field

from plugtrain.config._task_autoencoder import AutoencoderTaskConfig
from plugtrain.config._task_base import TaskConfigBase, TaskRequirements
from plugtrain.config._task_contrastive import ContrastiveTaskConfig
from plugtrain.config._task_domain import DomainAdversarialTaskConfig
from plugtrain.config._task_semi import SemiSupervisedTaskConfig

__all__ = [
    "DETECTOR_TASKS",
    "TASK_TYPES",
    "ClassificationTaskConfig",
    "DetectionTaskConfig",
    "TaskConfig",
    "TaskConfigBase",
    "TaskRequirements",
    "as_task",
]


class DetectionTaskConfig(TaskConfigBase):
    """Supervised object detection on a COCO set (what every config did before ``task:``)."""

    requirements: ClassVar[TaskRequirements] = TaskRequirements(
        head_types=("fcos", "retinanet", "faster_rcnn"),
        train_formats=("coco",),
        val_formats=("coco",),
        needs_unlabeled=False,
        metrics=("map", "map50", "map75"),
    )

    type: Literal["detection"] = Field(
        default="detection", description="detection: supervised boxes and classes (COCO data)"
    )


class ClassificationTaskConfig(TaskConfigBase):
    """Supervised image classification: one class folder per class (``format: folders``)."""

    requirements: ClassVar[TaskRequirements] = TaskRequirements(
        head_types=("classification",),
        train_formats=("folders",),
        val_formats=("folders",),
        needs_unlabeled=False,
        metrics=("top1_accuracy",),
        neck=False,
    )

    type: Literal["classification"] = Field(
        description="classification: one label per image, cross-entropy (folders data)"
    )


TaskConfig = Annotated[
    DetectionTaskConfig
    | ClassificationTaskConfig
    | AutoencoderTaskConfig
    | ContrastiveTaskConfig
    | DomainAdversarialTaskConfig
    | SemiSupervisedTaskConfig,
    Field(discriminator="type"),
]
"""Every learning setup, chosen by ``task.type``."""

_MEMBERS: Final[tuple[type[TaskConfigBase], ...]] = get_args(get_args(TaskConfig)[0])

TASK_TYPES: Final[dict[str, type[TaskConfigBase]]] = {
    str(get_args(member.model_fields["type"].annotation)[0]): member for member in _MEMBERS
}
"""Every ``task.type`` and its config class (read off :data:`TaskConfig`)."""

DETECTOR_TASKS: Final = frozenset({"detection", "semi_supervised"})
"""The ``task.type``s whose model is a detector: validated by the detection dry run, and
predict, export, serve and COCO evaluation take their checkpoints."""


def as_task(section: object) -> TaskConfig | None:
    """``section`` when it is one of the task configs, else ``None``."""
    return cast(TaskConfig, section) if isinstance(section, _MEMBERS) else None
