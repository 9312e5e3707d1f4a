"""The ``data`` section: COCO-format training and validation sets, image size, batching."""

from typing import Annotated, Literal

from pydantic import Field

from plugtrain.config._base import ConfigModel, NonNegativeInt, PathText, PositiveInt

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
    image_size: Annotated[list[PositiveInt], Field(min_length=2, max_length=2)] = Field(
        default_factory=lambda: [512, 512],
        description="[height, width] after resizing; batches are padded to a multiple of 32",
    )
    batch_size: PositiveInt = Field(default=8, description="images per batch (per process)")
    num_workers: NonNegativeInt = Field(default=2, description="data loader worker processes")
