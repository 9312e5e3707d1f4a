"""What every task config states about the rest of the config (its own module, so each
task's config file can import it while ``_task`` imports them all for the union)."""

from dataclasses import dataclass
from typing import ClassVar

from plugtrain.config._base import ConfigModel

__all__ = ["TaskConfigBase", "TaskRequirements"]


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
