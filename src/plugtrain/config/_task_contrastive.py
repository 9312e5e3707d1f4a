"""The ``contrastive`` task (SimCLR) and its ``projection`` head.

Torch-free. Each unlabeled training image is augmented twice (random resized crop,
horizontal flip, colour jitter, grayscale); the NT-Xent loss pulls the two projections of
one image together and pushes those of the other images of the batch away.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plugtrain.config._base import ConfigModel, PositiveInt, Probability
from plugtrain.config._task_base import TaskConfigBase, TaskRequirements

__all__ = ["ContrastiveTaskConfig", "ProjectionHeadConfig", "ViewsConfig"]


class ProjectionHeadConfig(ConfigModel):
    """Global average pool of one level, then SimCLR's MLP (Linear-BN-ReLU-Linear)."""

    type: Literal["projection"] = Field(
        description="projection: pooled features through an MLP, for contrastive learning"
    )
    hidden_dim: PositiveInt = Field(default=256, description="width of the MLP's hidden layer")
    out_dim: PositiveInt = Field(default=64, description="size of the projection compared")
    level: Annotated[str, Field(min_length=1)] | None = Field(
        default=None, description="the level pooled (e.g. C5); null for the last one"
    )

    @property
    def num_classes(self) -> int:
        """0: this head predicts no classes (its runs store no class names)."""
        return 0


class ViewsConfig(ConfigModel):
    """How strongly each of the two views of an image is augmented (SimCLR's recipe)."""

    crop_scale: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        default=0.2,
        description="smallest crop area, as a fraction of the image, of the random resized "
        "crop (SimCLR: 0.08); in (0, 1]",
    )
    flip: Probability = Field(default=0.5, description="horizontal flip probability")
    color_jitter: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        default=0.5,
        description="colour jitter strength s in [0, 1]: brightness, contrast and saturation "
        "0.8 s, hue 0.2 s (SimCLR: 1.0 on ImageNet, 0.5 on CIFAR)",
    )
    color_jitter_probability: Probability = Field(
        default=0.8, description="probability that a view is colour-jittered"
    )
    grayscale: Probability = Field(
        default=0.2, description="probability that a view is turned to grayscale"
    )


def _default_views() -> ViewsConfig:
    return ViewsConfig()


class ContrastiveTaskConfig(TaskConfigBase):
    """SimCLR: learn features that agree across two augmented views of each image.

    ``contrastive_loss`` (NT-Xent on fixed-seed views of ``data.val``) is always reported;
    ``linear_probe_accuracy`` too when ``data.val`` is a labeled ``folders`` set, beside
    ``random_linear_probe_accuracy``, the probe of the same model at its random
    initialisation (measured once, before training).
    """

    requirements: ClassVar[TaskRequirements] = TaskRequirements(
        head_types=("projection",),
        train_formats=("images", "folders", "coco"),
        val_formats=("folders", "images", "coco"),
        needs_unlabeled=False,
        metrics=(
            "contrastive_loss",
            "linear_probe_accuracy",
            "random_linear_probe_accuracy",
        ),
    )

    type: Literal["contrastive"] = Field(
        description="contrastive: SimCLR pretraining of the backbone on unlabeled images"
    )
    temperature: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        default=0.2,
        description="NT-Xent temperature dividing the cosine similarities (SimCLR: 0.1-0.5)",
    )
    views: ViewsConfig = Field(
        default_factory=_default_views, description="augmentation strengths of the two views"
    )
