"""What only the semi-supervised task asks of the rest of a config."""

from dataclasses import dataclass

from plugtrain.config._findings import Finding
from plugtrain.config._load import SchemaResult
from plugtrain.config._task_semi import SemiSupervisedTaskConfig, semi_epoch_items

__all__ = ["EpochItems", "check_burn_in", "check_semi_supervised", "epoch_items"]


@dataclass(frozen=True, slots=True)
class EpochItems:
    """How many items one epoch of the trainer holds, and how that count came about (for
    messages)."""

    items: int
    how: str


def epoch_items(
    schema: SchemaResult, train_images: int | None, unlabeled_images: int | None
) -> EpochItems | None:
    """The items of one training epoch: the labeled images, or for the semi-supervised task
    the paired epoch of :func:`semi_epoch_items` (the trainer's own rule); ``None`` when the
    counts are unknown (a set that could not be read)."""
    if train_images is None:
        return None
    task = schema.task
    if not isinstance(task, SemiSupervisedTaskConfig):
        return EpochItems(train_images, f"{train_images} images")
    if unlabeled_images is None:
        return None
    items = semi_epoch_items(train_images, unlabeled_images, task.unlabeled_ratio)
    return EpochItems(
        items,
        f"{items} items: max({train_images} labeled, ceil({unlabeled_images} unlabeled / "
        f"unlabeled_ratio {task.unlabeled_ratio}))",
    )


def check_burn_in(schema: SchemaResult, total_steps: int | None) -> list[Finding]:
    """A burn-in as long as the run: the teacher would never start, so no unlabeled image
    would ever count."""
    task = schema.task
    if not isinstance(task, SemiSupervisedTaskConfig) or total_steps is None:
        return []
    if task.burn_in_steps < total_steps:
        return []
    return [
        Finding(
            ("task", "burn_in_steps"),
            "schedule",
            f"burn_in_steps {task.burn_in_steps} is not shorter than the run ({total_steps} "
            f"steps), so the teacher never starts and the unlabeled images are never used; "
            f"use fewer burn-in steps (e.g. {total_steps // 3}) or train longer",
        )
    ]


def check_semi_supervised(schema: SchemaResult) -> list[Finding]:
    """``train.ema`` next to a mean teacher: the teacher already is the weight average."""
    train = schema.train
    if not isinstance(schema.task, SemiSupervisedTaskConfig) or train is None:
        return []
    if train.ema is None:
        return []
    return [
        Finding(
            ("train", "ema"),
            "task-mismatch",
            "the semi_supervised task keeps its own weight average, the teacher (evaluated, "
            "checkpointed and used by predict and export like train.ema's); remove train.ema "
            f"and set the teacher's schedule at task.teacher (e.g. task.teacher.decay: "
            f"{train.ema.decay})",
        )
    ]
