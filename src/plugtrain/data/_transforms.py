"""Transforms that move boxes with the pixels: resize, letterbox, flip, colour, scale jitter.

The training augmentation is built on torchvision's ``transforms.v2`` (``_augment.py``);
``RandomScale``, ``HorizontalFlip`` and ``ColorJitter`` here are the hand-written steps it
replaced, kept so that ``benchmarks/data_throughput.py`` can compare the two pipelines.

A transform maps an :class:`ImageBoxes` (image of any dtype, xyxy boxes, labels, and the
:class:`BoxMapping` so far) to another; the reader runs them on the decoded uint8 image
(resizing uint8 is about twice as fast as float) and converts to a float :class:`Sample`
once at the end. Called on a :class:`Sample`, a transform returns a :class:`Sample`.

Randomness comes from torch's global generator, which the data loader seeds per worker
(see :func:`make_loader`), so a run is repeatable for a seed and a number of workers.
"""

import dataclasses
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast, final

import torch
from torch import Tensor
from torchvision.transforms.v2 import functional as tvf

from plugtrain.data import _functional as ops
from plugtrain.data._sample import BoxMapping, Sample
from plugtrain.errors import DataError
from plugtrain.structures import Targets
from plugtrain.typing import checked

__all__ = [
    "ColorJitter",
    "Compose",
    "HorizontalFlip",
    "ImageBoxes",
    "Letterbox",
    "RandomScale",
    "Resize",
    "Transform",
    "eval_transforms",
]


@dataclass(frozen=True, slots=True)
class ImageBoxes:
    """An image (3, height, width; uint8 or float) with its xyxy boxes, labels and mapping."""

    image: Tensor
    boxes: Tensor
    labels: Tensor
    mapping: BoxMapping

    @property
    def size(self) -> tuple[int, int]:
        """(height, width) of the image."""
        return int(self.image.shape[-2]), int(self.image.shape[-1])

    @classmethod
    def from_sample(cls, sample: Sample) -> "ImageBoxes":
        return cls(sample.image, sample.targets.boxes, sample.targets.labels, sample.mapping)

    def to_sample(self, *, num_classes: int, image_id: int, file_name: str) -> Sample:
        """A float [0, 1] Sample; boxes are clamped to the image (tolerance rounding)."""
        image = self.image
        if not torch.is_floating_point(image):
            image = tvf.to_dtype_image(image, torch.float32, scale=True)
        boxes, keep = ops.clip_boxes(self.boxes.to(torch.float32), self.size, 1e-3)
        return Sample(
            image=image,
            targets=Targets(
                boxes=boxes,
                labels=self.labels[keep],
                image_size=self.size,
                num_classes=num_classes,
                image_id=image_id,
            ),
            image_id=image_id,
            file_name=file_name,
            mapping=self.mapping,
        )


class Transform(ABC):
    """Maps an image with its boxes to another; subclasses implement :meth:`apply`."""

    @abstractmethod
    def apply(self, item: ImageBoxes) -> ImageBoxes:
        """Transform image, boxes and labels together, and extend the mapping."""

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        """The least (height, width) of input that gives this transform's full-quality
        output for an image of ``size``; ``None`` when it has no say (it keeps the size).

        The reader uses it to decode large JPEGs at a reduced scale (libjpeg's DCT
        scaling) when a resize follows. The default, ``size``, allows no reduction.
        """
        return size

    @checked
    def __call__(self, sample: Sample) -> Sample:
        out = self.apply(ImageBoxes.from_sample(sample))
        return out.to_sample(
            num_classes=sample.targets.num_classes,
            image_id=sample.image_id,
            file_name=sample.file_name,
        )


def _check_size(size: object, name: str) -> tuple[int, int]:
    """``size`` as a (height, width) tuple; a config may hand over a list."""
    if isinstance(size, (tuple, list)):
        values = cast(Sequence[object], size)
        if len(values) == 2:
            height, width = values
            if isinstance(height, int) and isinstance(width, int) and height >= 1 and width >= 1:
                return (height, width)
    raise DataError(f"{name} needs image_size as (height, width) positive ints, got {size!r}")


def _check_probability(p: float, name: str) -> float:
    if not 0.0 <= p <= 1.0:
        raise DataError(f"{name} needs a probability p in [0, 1], got {p}")
    return p


def _chance(p: float) -> bool:
    return p > 0.0 and float(torch.rand(())) < p


def _uniform(low: float, high: float) -> float:
    return low + (high - low) * float(torch.rand(()))


@final
class Compose(Transform):
    """Apply transforms in order."""

    def __init__(self, transforms: Sequence[Transform]) -> None:
        bad = [t for t in cast(Sequence[object], transforms) if not isinstance(t, Transform)]
        if bad:
            raise DataError(
                f"Compose takes plugtrain Transforms, got {[type(t).__name__ for t in bad]}"
            )
        self.transforms = tuple(transforms)

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        for transform in self.transforms:
            item = transform.apply(item)
        return item

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        # The first transform with a say decides; those before it keep the size.
        for transform in self.transforms:
            needed = transform.needed_input(size)
            if needed is not None:
                return needed
        return None

    def __repr__(self) -> str:
        return f"Compose({list(self.transforms)!r})"


@final
class Resize(Transform):
    """Resize to exactly ``image_size`` = (height, width); the aspect ratio is not kept."""

    def __init__(self, image_size: tuple[int, int]) -> None:
        self.image_size = _check_size(image_size, "Resize")

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        height, width = item.size
        image, boxes = ops.resize(item.image, item.boxes, self.image_size)
        scale = (self.image_size[1] / width, self.image_size[0] / height)
        return dataclasses.replace(
            item, image=image, boxes=boxes, mapping=item.mapping.then(scale=scale)
        )

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        return (min(size[0], self.image_size[0]), min(size[1], self.image_size[1]))

    def __repr__(self) -> str:
        return f"Resize({self.image_size})"


@final
class Letterbox(Transform):
    """Resize keeping the aspect ratio to fit ``image_size``, pad bottom/right with ``fill``."""

    def __init__(self, image_size: tuple[int, int], *, fill: float = 0.0) -> None:
        self.image_size = _check_size(image_size, "Letterbox")
        self.fill = fill

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        height, width = item.size
        _, fitted = ops.letterbox_scale(item.size, self.image_size)
        image, boxes = ops.letterbox(item.image, item.boxes, self.image_size, self.fill)
        scale = (fitted[1] / width, fitted[0] / height)
        return dataclasses.replace(
            item, image=image, boxes=boxes, mapping=item.mapping.then(scale=scale)
        )

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        _, fitted = ops.letterbox_scale(size, self.image_size)
        return (min(size[0], fitted[0]), min(size[1], fitted[1]))

    def __repr__(self) -> str:
        return f"Letterbox({self.image_size}, fill={self.fill})"


@final
class HorizontalFlip(Transform):
    """Mirror left-right with probability ``p``."""

    def __init__(self, p: float = 0.5) -> None:
        self.p = _check_probability(p, "HorizontalFlip")

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        if not _chance(self.p):
            return item
        width = item.size[1]
        image, boxes = ops.hflip(item.image, item.boxes)
        mapping = item.mapping.then(scale=(-1.0, 1.0), offset=(float(width), 0.0))
        return dataclasses.replace(item, image=image, boxes=boxes, mapping=mapping)

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        return None

    def __repr__(self) -> str:
        return f"HorizontalFlip(p={self.p})"


@final
class ColorJitter(Transform):
    """Random brightness, contrast, saturation (factors in ``1 ± amount``) and hue shift
    (in ``± hue``, at most 0.5), all applied with probability ``p``. Boxes are untouched.

    Hue is off by default: its RGB -> HSV -> RGB round trip costs about ten times the
    other three together on a CPU.
    """

    def __init__(
        self,
        *,
        brightness: float = 0.2,
        contrast: float = 0.2,
        saturation: float = 0.2,
        hue: float = 0.0,
        p: float = 0.8,
    ) -> None:
        amounts = {"brightness": brightness, "contrast": contrast, "saturation": saturation}
        for name, amount in amounts.items():
            if not 0.0 <= amount < 1.0:
                raise DataError(f"ColorJitter {name} must be in [0, 1), got {amount}")
        if not 0.0 <= hue <= 0.5:
            raise DataError(f"ColorJitter hue must be in [0, 0.5], got {hue}")
        self.brightness, self.contrast, self.saturation, self.hue = (
            brightness,
            contrast,
            saturation,
            hue,
        )
        self.p = _check_probability(p, "ColorJitter")

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        if not _chance(self.p):
            return item
        image: Tensor = item.image
        if not torch.is_floating_point(image):
            # One conversion here instead of one inside every adjust_* call on uint8.
            image = tvf.to_dtype_image(image, torch.float32, scale=True)
        if self.brightness:
            image = tvf.adjust_brightness(image, _uniform(1 - self.brightness, 1 + self.brightness))
        if self.contrast:
            image = tvf.adjust_contrast(image, _uniform(1 - self.contrast, 1 + self.contrast))
        if self.saturation:
            image = tvf.adjust_saturation(image, _uniform(1 - self.saturation, 1 + self.saturation))
        if self.hue:
            image = tvf.adjust_hue(image, _uniform(-self.hue, self.hue))
        return dataclasses.replace(item, image=image)

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        return None

    def __repr__(self) -> str:
        return (
            f"ColorJitter(brightness={self.brightness}, contrast={self.contrast}, "
            f"saturation={self.saturation}, hue={self.hue}, p={self.p})"
        )


@final
class RandomScale(Transform):
    """Scale jitter to a fixed ``image_size``: letterbox-fit, times a factor drawn from
    ``scale``; a larger image is cropped at a random place, a smaller one padded.

    Boxes are clamped to the crop; those with less than ``min_box_size`` px left (width or
    height) are dropped with their labels.
    """

    def __init__(
        self,
        image_size: tuple[int, int],
        *,
        scale: tuple[float, float] = (0.75, 1.25),
        fill: float = 0.0,
        min_box_size: float = 2.0,
    ) -> None:
        self.image_size = _check_size(image_size, "RandomScale")
        if not 0.0 < scale[0] <= scale[1]:
            raise DataError(f"RandomScale needs 0 < scale[0] <= scale[1], got {scale}")
        if min_box_size <= 0:
            raise DataError(f"RandomScale min_box_size must be > 0, got {min_box_size}")
        self.scale = scale
        self.fill = fill
        self.min_box_size = min_box_size

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        height, width = item.size
        out_h, out_w = self.image_size
        fit = min(out_h / height, out_w / width) * _uniform(*self.scale)
        scaled = (max(1, round(height * fit)), max(1, round(width * fit)))
        image, boxes = ops.resize(item.image, item.boxes, scaled)
        mapping = item.mapping.then(scale=(scaled[1] / width, scaled[0] / height))
        labels = item.labels
        window = (min(scaled[0], out_h), min(scaled[1], out_w))
        if window != scaled:
            top = int(torch.randint(0, scaled[0] - window[0] + 1, ()))
            left = int(torch.randint(0, scaled[1] - window[1] + 1, ()))
            image, boxes, keep = ops.crop(image, boxes, top, left, window, self.min_box_size)
            labels = labels[keep]
            mapping = mapping.then(offset=(-float(left), -float(top)))
        image, boxes = ops.pad_to(image, boxes, self.image_size, self.fill)
        return ImageBoxes(image=image, boxes=boxes, labels=labels, mapping=mapping)

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        fit = min(self.image_size[0] / size[0], self.image_size[1] / size[1]) * self.scale[1]
        return (min(size[0], math.ceil(size[0] * fit)), min(size[1], math.ceil(size[1] * fit)))

    def __repr__(self) -> str:
        return f"RandomScale({self.image_size}, scale={self.scale}, fill={self.fill})"


def eval_transforms(image_size: tuple[int, int]) -> Compose:
    """Letterbox to ``image_size`` (deterministic)."""
    return Compose([Letterbox(image_size)])
