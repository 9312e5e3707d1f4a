"""The ``task`` section: which learning setup trains the model (detection by default).

The model is the same set of parts in every setup; the task decides what a batch is and
what is learned from it. Each task config class states what it needs of the rest of the
config (:class:`TaskRequirements`); one checker (``plugtrain.config.check_task``) turns a
mismatch into config issues. A new setup adds its class to :data:`TaskConfig`.
"""

from dataclasses import dataclass
from typing import Annotated, ClassVar, Final, Literal, cast, get_args

from pydantic import Field

from plugtrain.config._base import ConfigModel

__all__ = [
    "TASK_TYPES",
    "ClassificationTaskConfig",
    "DetectionTaskConfig",
    "TaskConfig",
    "TaskConfigBase",
    "TaskRequirements",
    "as_task",
]


@dataclass(frozen=True, slots=True)
class TaskRequirements:
    """What a task needs of the model, the data and the evaluation.

    ``head_types``: the ``model.head.type`` values it trains. ``train_formats`` /
    ``val_formats``: the ``format`` of ``data.train`` / ``data.val`` it reads.
    ``needs_unlabeled``: whether ``data.unlabeled`` must be given (when ``False`` it must
    not be). ``metrics``: the names its evaluation reports, the first being the default of
    ``eval.metric``. ``neck``: whether its model has a neck (when ``False``,
    ``model.neck`` must be null).
    """

    head_types: tuple[str, ...]
    train_formats: tuple[str, ...]
    val_formats: tuple[str, ...]
    needs_unlabeled: bool
    metrics: tuple[str, ...]
    neck: bool = True


class TaskConfigBase(ConfigModel):
    """The base of every task config: a ``type`` tag and the task's requirements."""

    requirements: ClassVar[TaskRequirements]


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
    DetectionTaskConfig | ClassificationTaskConfig,
    Field(discriminator="type"),
]
"""Every learning setup, chosen by ``task.type``."""

_MEMBERS: Final[tuple[type[TaskConfigBase], ...]] = get_args(get_args(TaskConfig)[0])

TASK_TYPES: Final[dict[str, type[TaskConfigBase]]] = {
    str(get_args(member.model_fields["type"].annotation)[0]): member for member in _MEMBERS
}
"""Every ``task.type`` and its config class (read off :data:`TaskConfig`)."""


def as_task(section: object) -> TaskConfig | None:
    """``section`` when it is one of the task configs, else ``None``."""
    return cast(TaskConfig, section) if isinstance(section, _MEMBERS) else None
