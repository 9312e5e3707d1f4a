"""The ``autoencoder`` task and its ``reconstruction`` head: learn to remake the images.

Torch-free. The model is ``model.backbone`` (and ``model.neck``) as the encoder, the
``reconstruction`` head as the decoder; the loss compares reconstructions with the
normalised input images.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plugtrain.config._base import ConfigModel, PositiveInt
from plugtrain.config._task_base import TaskConfigBase, TaskRequirements

__all__ = ["AutoencoderTaskConfig", "ReconstructionHeadConfig"]


class ReconstructionHeadConfig(ConfigModel):
    """A decoder from one pyramid level back to the input size (x2 upsampling stages)."""

    type: Literal["reconstruction"] = Field(
        description="reconstruction: upsampling convolutions from one level back to the image"
    )
    level: Annotated[str, Field(min_length=1)] | None = Field(
        default=None,
        description="the level decoded (e.g. C4, or P4 behind a neck); null for the last one",
    )
    channels: Annotated[list[PositiveInt], Field(min_length=1)] | None = Field(
        default=None,
        description="width of each x2 stage, coarsest first, one per factor of two of the "
        "level's stride (5 for stride 32); null halves the level's channels per stage, never "
        "below 16",
    )

    @property
    def num_classes(self) -> int:
        """0: this head predicts no classes (its runs store no class names)."""
        return 0


class AutoencoderTaskConfig(TaskConfigBase):
    """Train the backbone as the encoder of an auto-encoder on unlabeled images (the images
    of a ``folders`` or ``coco`` set serve as well; their labels are not read)."""

    requirements: ClassVar[TaskRequirements] = TaskRequirements(
        head_types=("reconstruction",),
        train_formats=("images", "folders", "coco"),
        val_formats=("images", "folders", "coco"),
        needs_unlabeled=False,
        metrics=("reconstruction_mse", "input_variance"),
    )

    type: Literal["autoencoder"] = Field(
        description="autoencoder: reconstruct the (normalised) input images"
    )
    loss: Literal["mse", "l1"] = Field(
        default="mse", description="pixel error: mse (mean squared) or l1 (mean absolute)"
    )
    preview_images: Annotated[int, Field(ge=1, le=64)] = Field(
        default=8, description="val images shown in reconstructions.png (1-64)"
    )
