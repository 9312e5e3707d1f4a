"""The ``data`` section: training, validation and unlabeled sets, image size, batching.

A set is chosen by its ``format``: ``coco`` (the default when ``format`` is absent, so
every earlier config keeps working), ``folders`` (one sub-folder per class) or ``images``
(a folder of unlabeled images). Which formats a setup reads is its task's business
(``TaskRequirements``).
"""

from collections.abc import Mapping
from typing import Annotated, Literal, cast

from pydantic import Discriminator, Field, Tag

from plugtrain.config._base import (
    MAX_BATCH_SIZE,
    MAX_IMAGE_SIDE,
    MAX_WORKERS,
    ConfigModel,
    PathText,
)

__all__ = [
    "CocoDatasetConfig",
    "DataConfig",
    "DatasetConfig",
    "DatasetFormat",
    "FolderDatasetConfig",
    "ImagesDatasetConfig",
    "SetConfig",
]

DatasetFormat = Literal["coco", "folders", "images"]


class CocoDatasetConfig(ConfigModel):
    """One COCO-format set: an images folder and an instances JSON file.

    Relative paths are relative to the current working directory (where the command runs),
    as in torchvision, detectron2 and mmdetection.
    """

    format: Literal["coco"] = Field(
        default="coco", description="coco: an images folder plus instances JSON"
    )
    images: PathText = Field(description="the folder holding the images")
    annotations: PathText = Field(description="the COCO instances JSON file")


DatasetConfig = CocoDatasetConfig
"""The name of the COCO set from before there were other formats."""


class FolderDatasetConfig(ConfigModel):
    """A labeled image set as one sub-folder per class (torchvision's ``ImageFolder``).

    The class names are the sorted sub-folder names; class ``k`` is the ``k``-th of them.
    """

    format: Literal["folders"] = Field(
        description="folders: root/<class name>/<image>, one sub-folder per class"
    )
    root: PathText = Field(description="the folder holding one sub-folder per class")


class ImagesDatasetConfig(ConfigModel):
    """A folder of unlabeled images (sub-folders are not read)."""

    format: Literal["images"] = Field(description="images: a folder of unlabeled images")
    images: PathText = Field(description="the folder holding the images")


def _format_of(value: object) -> str:
    """The tag of a set: its ``format``, ``coco`` when absent (configs from before formats)."""
    if isinstance(value, Mapping):
        fmt = cast(Mapping[str, object], value).get("format", "coco")
        return fmt if isinstance(fmt, str) else "coco"
    if isinstance(value, (CocoDatasetConfig, FolderDatasetConfig, ImagesDatasetConfig)):
        return value.format
    return "coco"


SetConfig = Annotated[
    Annotated[CocoDatasetConfig, Tag("coco")]
    | Annotated[FolderDatasetConfig, Tag("folders")]
    | Annotated[ImagesDatasetConfig, Tag("images")],
    Discriminator(_format_of),
]
"""A training or validation set: ``coco`` (default), ``folders`` or ``images``."""


class DataConfig(ConfigModel):
    """Where the data is and how it is batched."""

    train: SetConfig = Field(
        description="the training set: coco (the default format), folders or images"
    )
    val: SetConfig | None = Field(default=None, description="the validation set, or null")
    unlabeled: ImagesDatasetConfig | None = Field(
        default=None,
        description="unlabeled images (format: images) for the setups that learn from them "
        "(domain_adversarial: the target domain; semi_supervised), or null",
    )
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
