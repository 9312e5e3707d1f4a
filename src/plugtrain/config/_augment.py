"""The ``data.augment`` section: box-aware training augmentation.

Order of the steps on each training image: window crop (``crop``, on the image as stored)
-> scale jitter to ``data.image_size`` (then a random ``image_size`` window, padded where
the image is smaller) -> flips -> colour (``photometric``). With ``mosaic`` on, four images
go through the geometric steps and are tiled into one before flips and colour. Validation
images are only letterboxed.

The defaults are the augmentation plugtrain has always used: scale jitter in [0.75, 1.25],
a horizontal flip half the time, brightness/contrast/saturation +-0.2 on 80 % of the
images; no crop, no vertical flip, no mosaic.
"""

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from plugtrain.config._base import ConfigModel, Probability

__all__ = [
    "AugmentConfig",
    "CropConfig",
    "IoUCropConfig",
    "MosaicConfig",
    "PhotometricConfig",
    "RandomCropConfig",
]

MAX_SCALE = 10.0
"""Scale jitter beyond 10x the fitted size only makes an image of one object's texture."""

_Amount = Annotated[float, Field(ge=0.0, lt=1.0)]
_Fraction = Annotated[float, Field(gt=0.0, le=1.0)]
_Aspect = Annotated[float, Field(gt=0.0, le=MAX_SCALE)]


def _ordered(low: float, high: float, what: str, example: str) -> None:
    if low > high:
        raise PydanticCustomError(
            "value",
            "{what} needs low <= high, e.g. {example}; got [{low}, {high}]",
            {"what": what, "example": example, "low": low, "high": high},
        )


class PhotometricConfig(ConfigModel):
    """Colour jitter (torchvision's ColorJitter), applied to a fraction ``p`` of the images."""

    p: Probability = Field(default=0.8, description="fraction of images jittered, in [0, 1]")
    brightness: _Amount = Field(default=0.2, description="factor in 1 +- brightness, in [0, 1)")
    contrast: _Amount = Field(default=0.2, description="factor in 1 +- contrast, in [0, 1)")
    saturation: _Amount = Field(default=0.2, description="factor in 1 +- saturation, in [0, 1)")
    hue: Annotated[float, Field(ge=0.0, le=0.5)] = Field(
        default=0.0,
        description="hue shift in +- hue, in [0, 0.5] (0.5 is half the colour wheel); off by "
        "default: its RGB->HSV round trip costs about ten times the other three on a CPU",
    )


class _WindowCrop(ConfigModel):
    p: Probability = Field(default=0.5, description="fraction of images cropped, in [0, 1]")
    min_scale: _Fraction = Field(
        default=0.3, description="least side (iou) or area (random) of the window, in (0, 1]"
    )
    max_scale: _Fraction = Field(default=1.0, description="largest, in (0, 1]")
    min_aspect_ratio: _Aspect = Field(
        default=0.5, description=f"least width/height of the window, in (0, {MAX_SCALE:g}]"
    )
    max_aspect_ratio: _Aspect = Field(
        default=2.0, description=f"largest width/height of the window, in (0, {MAX_SCALE:g}]"
    )

    @model_validator(mode="after")
    def _ranges(self) -> "_WindowCrop":
        _ordered(self.min_scale, self.max_scale, "crop min_scale..max_scale", "0.3 and 1.0")
        _ordered(
            self.min_aspect_ratio,
            self.max_aspect_ratio,
            "crop min_aspect_ratio..max_aspect_ratio",
            "0.5 and 2.0",
        )
        return self


class IoUCropConfig(_WindowCrop):
    """SSD's IoU crop (torchvision's RandomIoUCrop): a window that overlaps at least one
    box by a minimum IoU drawn from ``min_iou``; boxes whose centre falls outside it go."""

    type: Literal["iou"] = Field(description="iou: SSD's minimum-IoU crop")
    min_iou: Annotated[list[Probability], Field(min_length=1, max_length=16)] = Field(
        default_factory=lambda: [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0],
        description="minimum IoUs to draw from, each in [0, 1]; 1.0 means 'leave the image "
        "as it is'",
    )
    trials: Annotated[int, Field(ge=1, le=1000)] = Field(
        default=40, description="windows tried per drawn IoU, in [1, 1000]"
    )

    @field_validator("min_iou")
    @classmethod
    def _leave_as_is(cls, min_iou: list[float]) -> list[float]:
        if 1.0 not in min_iou:
            # torchvision draws IoUs until a window fits: without 'leave as is' an image
            # whose boxes no window can satisfy would be drawn for ever.
            raise PydanticCustomError(
                "value",
                "min_iou must include 1.0 ('leave the image as it is'), e.g. [0.1, 0.3, 0.5, "
                "1.0]: without it an image that no window fits is retried for ever; got "
                "{min_iou}",
                {"min_iou": str(min_iou)},
            )
        return min_iou


class RandomCropConfig(_WindowCrop):
    """A random window of ``min_scale..max_scale`` of the area (torchvision's
    RandomResizedCrop window, without its resize: scale jitter follows)."""

    type: Literal["random"] = Field(description="random: a random window of the image")


CropConfig = Annotated[IoUCropConfig | RandomCropConfig, Field(discriminator="type")]


class MosaicConfig(ConfigModel):
    """Four training images tiled into one around a random centre (YOLO's mosaic)."""

    p: Probability = Field(default=0.5, description="fraction of samples made as mosaics")
    center: Annotated[list[_Fraction], Field(min_length=2, max_length=2)] = Field(
        default_factory=lambda: [0.25, 0.75],
        description="range of the tiles' meeting point, as a fraction of each side, in (0, 1]",
    )

    @field_validator("center")
    @classmethod
    def _center(cls, center: list[float]) -> list[float]:
        _ordered(center[0], center[1], "mosaic center", "[0.25, 0.75]")
        if center[1] >= 1.0:
            raise PydanticCustomError(
                "value",
                "mosaic center must stay below 1.0 (a tile of zero width); got {center}",
                {"center": str(center)},
            )
        return center


class AugmentConfig(ConfigModel):
    """Training augmentation; every step moves the boxes with the pixels.

    Boxes are clipped to the image; a box is dropped (with its label) when less than
    ``min_visible`` of its area is left after a crop, or when it is narrower or lower
    than ``min_box_size`` px.
    """

    scale: Annotated[
        list[Annotated[float, Field(gt=0.0, le=MAX_SCALE)]], Field(min_length=2, max_length=2)
    ] = Field(
        default_factory=lambda: [0.75, 1.25],
        description=f"scale jitter: the image is fitted into data.image_size and scaled by a "
        f"factor drawn from [low, high], each in (0, {MAX_SCALE:g}]; [1, 1] turns it off",
    )
    hflip: Probability = Field(default=0.5, description="chance of a left-right flip")
    vflip: Probability = Field(
        default=0.0, description="chance of an upside-down flip (aerial or microscope images)"
    )
    photometric: PhotometricConfig | None = Field(
        default_factory=PhotometricConfig, description="colour jitter, or null for none"
    )
    crop: CropConfig | None = Field(
        default=None, description="a window crop before scaling: iou or random, or null"
    )
    mosaic: MosaicConfig | None = Field(default=None, description="4-image mosaic, or null")
    min_visible: Probability = Field(
        default=0.0,
        description="least fraction of a box's area that must stay inside a crop, in [0, 1]; "
        "0 keeps every box that is still min_box_size px in the image",
    )
    min_box_size: Annotated[float, Field(gt=0.0, le=64.0)] = Field(
        default=2.0, description="least width and height, px, of a box kept, in (0, 64]"
    )

    @field_validator("scale")
    @classmethod
    def _scale(cls, scale: list[float]) -> list[float]:
        _ordered(scale[0], scale[1], "augment scale", "[0.75, 1.25]")
        return scale
