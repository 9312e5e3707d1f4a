"""The ``data`` section: COCO-format training and validation sets, image size, batching."""

from typing import Annotated, Literal

from pydantic import Field

from plugtrain.config._augment import AugmentConfig
from plugtrain.config._base import (
    MAX_BATCH_SIZE,
    MAX_IMAGE_SIDE,
    MAX_WORKERS,
    ConfigModel,
    PathText,
)

__all__ = ["DataConfig", "DatasetConfig"]


class DatasetConfig(ConfigModel):
    """One COCO-format set: an images folder and an instances JSON file.

    Relative paths are relative to the current working directory (where the command runs),
    as in torchvision, detectron2 and mmdetection.
    """

    format: Literal["coco"] = Field(
        default="coco", description="coco: an images folder plus instances JSON"
    )
    images: PathText = Field(description="the folder holding the images")
    annotations: PathText = Field(description="the COCO instances JSON file")


class DataConfig(ConfigModel):
    """Where the data is and how it is batched."""

    train: DatasetConfig = Field(description="the training set")
    val: DatasetConfig | None = Field(default=None, description="the validation set, or null")
    image_size: Annotated[
        list[Annotated[int, Field(ge=1, le=MAX_IMAGE_SIDE)]], Field(min_length=2, max_length=2)
    ] = Field(
        default_factory=lambda: [512, 512],
        description=f"[height, width] after resizing; batches are padded to a multiple of 32; "
        f"each at most {MAX_IMAGE_SIDE}: activations grow with the area, and a detector "
        f"needs tens of GB per image at that size",
    )
    batch_size: Annotated[int, Field(ge=1, le=MAX_BATCH_SIZE)] = Field(
        default=8,
        description=f"images per batch (per process), at most {MAX_BATCH_SIZE:,}: no "
        f"accelerator holds the activations of more",
    )
    num_workers: Annotated[int, Field(ge=0, le=MAX_WORKERS)] = Field(
        default=2,
        description=f"data loader worker processes, at most {MAX_WORKERS}: more than the "
        f"cores of any machine, each one a Python process",
    )
    augment: AugmentConfig = Field(
        default_factory=AugmentConfig,
        description="training augmentation: scale jitter, flips, colour, crop, mosaic",
    )
