"""The ``semi_supervised`` task: detection from a few labeled images and many unlabeled ones,
with a mean teacher."""

import math
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plugtrain.config._base import MAX_STEPS
from plugtrain.config._ema import EmaConfig
from plugtrain.config._task_base import TaskConfigBase, TaskRequirements

__all__ = ["SemiSupervisedTaskConfig", "semi_epoch_items"]


def semi_epoch_items(num_labeled: int, num_unlabeled: int, ratio: int) -> int:
    """Items in one semi-supervised epoch, each a labeled image with ``ratio`` unlabeled
    ones: enough that every labeled and every unlabeled image comes at least once.

    The one rule for the epoch's length: the paired data set's ``len`` and the static
    checks of the schedule both call it.
    """
    return max(num_labeled, math.ceil(num_unlabeled / ratio))


def _default_teacher() -> EmaConfig:
    # No warm-up ramp, whatever train.ema's default: the teacher's first weights are a copy
    # of the burnt-in student, not a random initialisation, so there is nothing to forget;
    # decay 0.99 follows the last hundred steps, short enough for runs of a few hundred.
    return EmaConfig(decay=0.99, warmup_updates=0)


class SemiSupervisedTaskConfig(TaskConfigBase):
    """Mean teacher: the teacher, a moving average of the detector's weights, labels the
    unlabeled images (``data.unlabeled``); the detector learns from ``data.train``'s boxes
    and from the teacher's confident detections on strongly augmented views.

    ``data.train`` is the labeled COCO set, ``data.val`` a COCO set (its mAP is the
    teacher's); evaluation, the best checkpoint, predict and export use the teacher.
    """

    requirements: ClassVar[TaskRequirements] = TaskRequirements(
        head_types=("fcos", "retinanet"),
        train_formats=("coco",),
        val_formats=("coco",),
        needs_unlabeled=True,
        metrics=("map", "map50", "map75"),
    )

    type: Literal["semi_supervised"] = Field(
        description="semi_supervised: mean teacher over labeled (COCO) and unlabeled images"
    )
    teacher: EmaConfig = Field(
        default_factory=_default_teacher,
        description="the teacher, a moving average of the detector's weights (decay 0.99 "
        "follows about the last hundred steps; warmup_updates 0: its first weights are the "
        "burnt-in detector's)",
    )
    threshold: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        default=0.5,
        description="teacher detections scoring at least this, in (0, 1), become pseudo-labels",
    )
    unsupervised_weight: Annotated[float, Field(ge=0.0, le=100.0)] = Field(
        default=1.0,
        description="weight of the loss on pseudo-labels, in [0, 100] (0: labels alone)",
    )
    regress_pseudo_boxes: bool = Field(
        default=False,
        description="whether pseudo-labels also teach box regression (false, as in Unbiased "
        "Teacher: only their classes count, since noisy pseudo-boxes unlearn localisation)",
    )
    burn_in_steps: Annotated[int, Field(ge=0, le=MAX_STEPS)] = Field(
        default=100,
        description="optimiser steps on the labels alone before the teacher starts (its "
        "first weights are the detector's after the burn-in); shorter than the run",
    )
    unlabeled_ratio: Annotated[int, Field(ge=1, le=16)] = Field(
        default=1,
        description="unlabeled images per labeled image in each batch, in [1, 16] (the "
        "unlabeled batch is this times data.batch_size)",
    )
