"""``task: {type: domain_adversarial}``: DANN, a classifier that carries over to a new domain.

``data.train`` is the labeled source domain (``format: folders``), ``data.unlabeled`` the
target domain's images without labels, ``data.val`` labeled target images (to measure how
well the classifier carries over). A domain classifier behind a gradient reversal layer
learns to tell source from target features; the reversal makes the backbone learn
features it cannot tell apart (Ganin & Lempitsky, 2015).
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plugtrain.config._base import PositiveFloat
from plugtrain.config._task_base import TaskConfigBase, TaskRequirements

__all__ = ["DomainAdversarialTaskConfig"]

_MAX_HIDDEN = 8192
"""Units of the domain classifier's hidden layer: far above any backbone's channels."""
_MAX_WEIGHT = 100.0
"""A lambda or loss weight above 100 drowns the class loss: a typo, not a choice."""

_Weight = Annotated[float, Field(ge=0.0, le=_MAX_WEIGHT)]


class DomainAdversarialTaskConfig(TaskConfigBase):
    """Domain-adversarial training: labeled source folders, unlabeled target images."""

    requirements: ClassVar[TaskRequirements] = TaskRequirements(
        head_types=("classification",),
        train_formats=("folders",),
        val_formats=("folders",),
        needs_unlabeled=True,
        metrics=("target_accuracy", "domain_accuracy"),
        neck=False,
    )

    type: Literal["domain_adversarial"] = Field(
        description="domain_adversarial: DANN, labeled source folders (data.train), unlabeled "
        "target images (data.unlabeled), labeled target folders (data.val)"
    )
    level: str | None = Field(
        default=None,
        min_length=1,
        description="the backbone level the domain classifier reads (e.g. C4); null: the "
        "last level, the one the classification head pools",
    )
    hidden: Annotated[int, Field(ge=1, le=_MAX_HIDDEN)] = Field(
        default=64, description="units of the domain classifier's hidden layer"
    )
    lambda_max: _Weight = Field(
        default=1.0,
        description="the final weight of the reversed domain gradient; lambda rises as "
        "lambda_max * (2 / (1 + exp(-gamma * p)) - 1) over the training progress p",
    )
    gamma: Annotated[PositiveFloat, Field(le=_MAX_WEIGHT)] = Field(
        default=10.0, description="how fast lambda rises (10 in the DANN paper)"
    )
    domain_weight: _Weight = Field(
        default=1.0, description="the weight of the domain classifier's loss in the total"
    )
    holdout: Annotated[float, Field(gt=0.0, le=0.5)] = Field(
        default=0.1,
        description="the fraction of data.train images kept out of training: held-out "
        "source images for domain_accuracy (against the data.val target images)",
    )
