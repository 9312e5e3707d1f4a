"""Training augmentation on torchvision's box-aware ``transforms.v2``.

Each step wraps torchvision transforms (``RandomIoUCrop``, ``RandomResizedCrop``'s window,
``ScaleJitter``, ``RandomCrop``, ``RandomHorizontalFlip``, ``RandomVerticalFlip``,
``ColorJitter``) around ``tv_tensors.BoundingBoxes``, and adds what the detector needs:

- **box rules** after every crop: boxes are clipped to the image; a box with less than
  ``min_visible`` of its area left, or narrower or lower than ``min_box_size`` px, is
  dropped together with its label (``sanitize_bounding_boxes``); no box is lost otherwise.
- **the mapping** back to the stored image: a probe of two unit boxes (never clamped)
  goes through the same geometric transform, and the affine map per axis is read off it.

Randomness comes from torch's global generator, as torchvision's does, so the per-sample
seeding of the training loader (``EpochSeeded``) makes every sample repeatable.
"""

import dataclasses
import math
from collections.abc import Sequence
from typing import Any, Final, Literal, final

import torch
from torch import Tensor
from torchvision import tv_tensors
from torchvision.transforms import v2
from torchvision.transforms.v2 import functional as tvf

from plugtrain._tensors import float_list
from plugtrain.data._sample import BoxMapping
from plugtrain.data._transforms import Compose, ImageBoxes, Transform
from plugtrain.errors import DataError

__all__ = [
    "Flips",
    "Photometric",
    "ScaleJitter",
    "WindowCrop",
    "crop_with_rules",
    "train_transforms",
]

_XYXY: Final = tv_tensors.BoundingBoxFormat.XYXY
# Two unit boxes, [0, 1] and [1, 2] on each axis: after an axis-aligned affine map the first
# gives scale and offset, the order of the two gives the sign (a flip).
_PROBE: Final = torch.tensor([[0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 2.0, 2.0]])

CropKind = Literal["iou", "random"]


def _chance(p: float) -> bool:
    return p > 0.0 and float(torch.rand(())) < p


def _boxes(boxes: Tensor, size: tuple[int, int]) -> tv_tensors.BoundingBoxes:
    # No clamping inside torchvision: the box rules below need the unclipped area.
    return tv_tensors.BoundingBoxes(boxes, format=_XYXY, canvas_size=size, clamping_mode=None)


def _axis(first: list[float], second: list[float], low: int, high: int) -> tuple[float, float]:
    """(scale, offset) of one axis from the probe boxes' coordinates ``low``/``high``."""
    span = first[high] - first[low]
    if second[low] >= first[low]:
        return span, first[low]
    return -span, first[high]


def _moved_mapping(mapping: BoxMapping, probe: Tensor) -> BoxMapping:
    first, second = (float_list(row) for row in probe)
    sx, ox = _axis(first, second, 0, 2)
    sy, oy = _axis(first, second, 1, 3)
    return mapping.then(scale=(sx, sy), offset=(ox, oy))


def _geometric(
    item: ImageBoxes, transform: v2.Transform, params: dict[str, Any] | None = None
) -> tuple[Tensor, Tensor, BoxMapping]:
    """Run a torchvision geometric transform on image, boxes and probe together (with
    ``params``: its kernel with those parameters); the boxes come back unclipped, the
    mapping extended."""
    size = item.size
    count = item.boxes.shape[0]
    # The probe rides along as two more rows: one kernel call moves boxes and probe.
    rows = _boxes(torch.cat((item.boxes.to(torch.float32), _PROBE)), size)
    inputs = (tv_tensors.Image(item.image), rows)
    if params is None:
        image, moved = transform(*inputs)
    else:
        image, moved = (transform.transform(x, params) for x in inputs)
    plain_image: Tensor = image.as_subclass(Tensor)
    plain: Tensor = moved.as_subclass(Tensor)
    return plain_image, plain[:count], _moved_mapping(item.mapping, plain[count:])


def _apply_rules(
    before: Tensor,
    after: Tensor,
    labels: Tensor,
    size: tuple[int, int],
    *,
    min_visible: float,
    min_box_size: float,
    outside: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """Clip ``after`` (the boxes ``before`` moved by a crop, same scale) to ``size``, and drop
    with their labels those with too little of their area left, too small, or ``outside``."""
    clipped = tvf.clamp_bounding_boxes(after, format=_XYXY, canvas_size=size, clamping_mode="hard")
    area_before = (before[:, 2] - before[:, 0]) * (before[:, 3] - before[:, 1])
    area_after = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
    gone = area_after < min_visible * area_before
    if outside is not None:
        gone = gone | outside
    # torchvision's sanitizer removes the marked (zeroed) boxes with the small ones.
    clipped = torch.where(gone[:, None], torch.zeros_like(clipped), clipped)
    kept, keep = tvf.sanitize_bounding_boxes(
        clipped,
        format=_XYXY,
        canvas_size=size,
        min_size=min_box_size,
        min_area=min_box_size * min_box_size,
    )
    return kept, labels[keep]


def crop_with_rules(
    item: ImageBoxes,
    *,
    top: int,
    left: int,
    height: int,
    width: int,
    min_visible: float,
    min_box_size: float,
    outside: Tensor | None = None,
) -> ImageBoxes:
    """The (height, width) window at (top, left) (it may reach past the image: padded with
    zeros) with the box rules applied; ``outside`` marks boxes to drop in any case."""
    size = (height, width)
    image = tvf.crop_image(item.image, top, left, height, width)
    moved, _ = tvf.crop_bounding_boxes(
        item.boxes.to(torch.float32),
        _XYXY,
        top,
        left,
        height,
        width,
        clamping_mode=None,
    )
    boxes, labels = _apply_rules(
        item.boxes,
        moved,
        item.labels,
        size,
        min_visible=min_visible,
        min_box_size=min_box_size,
        outside=outside,
    )
    mapping = item.mapping.then(offset=(-float(left), -float(top)))
    return ImageBoxes(image=image, boxes=boxes, labels=labels, mapping=mapping)


def _check_rules(min_visible: float, min_box_size: float, name: str) -> None:
    if not 0.0 <= min_visible <= 1.0:
        raise DataError(f"{name} needs min_visible in [0, 1], got {min_visible}")
    if not min_box_size > 0.0:
        raise DataError(f"{name} needs min_box_size > 0 px, got {min_box_size}")


def _check_probability(p: float, name: str) -> None:
    if not 0.0 <= p <= 1.0:
        raise DataError(f"{name} needs a probability in [0, 1], got {p}")


@final
class WindowCrop(Transform):
    """With probability ``p``, cut a window out of the image as it is.

    ``kind="iou"``: torchvision's ``RandomIoUCrop`` (SSD): a window of ``min_scale..
    max_scale`` of each side that overlaps some box by an IoU drawn from ``min_iou``
    (``1.0`` in it: leave the image alone); boxes whose centre is outside go.
    ``kind="random"``: ``RandomResizedCrop``'s window (``min_scale..max_scale`` of the
    area), without its resize. Then the box rules (module docstring).
    """

    def __init__(
        self,
        kind: CropKind,
        *,
        p: float = 0.5,
        min_scale: float = 0.3,
        max_scale: float = 1.0,
        min_aspect_ratio: float = 0.5,
        max_aspect_ratio: float = 2.0,
        min_iou: Sequence[float] = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0),
        trials: int = 40,
        min_visible: float = 0.0,
        min_box_size: float = 2.0,
    ) -> None:
        _check_probability(p, "WindowCrop")
        _check_rules(min_visible, min_box_size, "WindowCrop")
        if not 0.0 < min_scale <= max_scale <= 1.0:
            raise DataError(
                f"WindowCrop needs 0 < min_scale <= max_scale <= 1, got {min_scale}, {max_scale}"
            )
        if not 0.0 < min_aspect_ratio <= max_aspect_ratio:
            raise DataError(
                f"WindowCrop needs 0 < min_aspect_ratio <= max_aspect_ratio, got "
                f"{min_aspect_ratio}, {max_aspect_ratio}"
            )
        if kind == "iou" and 1.0 not in min_iou:
            # RandomIoUCrop draws IoUs until a window fits; without 'leave as is' an image
            # whose boxes no window can satisfy would loop for ever.
            raise DataError(
                f"WindowCrop(kind='iou') needs 1.0 ('leave the image as it is') among min_iou, "
                f"got {list(min_iou)}"
            )
        self.kind: Final = kind
        self.p = p
        self.min_visible = min_visible
        self.min_box_size = min_box_size
        self._iou = v2.RandomIoUCrop(
            min_scale=min_scale,
            max_scale=max_scale,
            min_aspect_ratio=min_aspect_ratio,
            max_aspect_ratio=max_aspect_ratio,
            sampler_options=list(min_iou),
            trials=trials,
        )
        self._window = v2.RandomResizedCrop(
            size=(1, 1), scale=(min_scale, max_scale), ratio=(min_aspect_ratio, max_aspect_ratio)
        )

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        height, width = item.size
        # Uncropped, the window is the whole image: the box rules apply all the same, so a
        # step's result never depends on whether this draw cropped.
        window: dict[str, Any] = {"top": 0, "left": 0, "height": height, "width": width}
        outside = None
        if _chance(self.p):
            image = tv_tensors.Image(item.image)
            if self.kind == "random":
                window = self._window.make_params([image])
            elif item.boxes.shape[0] > 0:  # RandomIoUCrop needs boxes to measure against
                params = self._iou.make_params([image, _boxes(item.boxes, item.size)])
                if params:  # an empty dict: torchvision drew 'leave the image as it is'
                    window, outside = params, ~params["is_within_crop_area"]
        return crop_with_rules(
            item,
            top=int(window["top"]),
            left=int(window["left"]),
            height=int(window["height"]),
            width=int(window["width"]),
            min_visible=self.min_visible,
            min_box_size=self.min_box_size,
            outside=outside,
        )

    def __repr__(self) -> str:
        return f"WindowCrop({self.kind!r}, p={self.p}, min_visible={self.min_visible})"


@final
class ScaleJitter(Transform):
    """Fit into ``image_size`` keeping the aspect ratio, times a factor drawn from
    ``scale`` (torchvision's ``ScaleJitter``); then a random ``image_size`` window
    (``RandomCrop``'s, padded with zeros where the image is smaller), with the box rules.
    """

    def __init__(
        self,
        image_size: tuple[int, int],
        *,
        scale: tuple[float, float] = (0.75, 1.25),
        min_visible: float = 0.0,
        min_box_size: float = 2.0,
    ) -> None:
        height, width = image_size
        if height < 1 or width < 1:
            raise DataError(f"ScaleJitter needs a (height, width) >= 1, got {image_size}")
        if not 0.0 < scale[0] <= scale[1]:
            raise DataError(f"ScaleJitter needs 0 < scale[0] <= scale[1], got {scale}")
        _check_rules(min_visible, min_box_size, "ScaleJitter")
        self.image_size = (height, width)
        self.scale = scale
        self.min_visible = min_visible
        self.min_box_size = min_box_size
        # torchvision's ScaleJitter takes its target as (width, height).
        self._jitter = v2.ScaleJitter(target_size=(width, height), scale_range=scale)
        self._window = v2.RandomCrop(self.image_size, pad_if_needed=True)

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        height, width = self._jitter.make_params([tv_tensors.Image(item.image)])["size"]
        # torchvision truncates the size: a thin image can come out 0 px on a side.
        size = (max(1, int(height)), max(1, int(width)))
        image, boxes, mapping = _geometric(item, self._jitter, {"size": size})
        scaled = dataclasses.replace(item, image=image, boxes=boxes, mapping=mapping)
        params = self._window.make_params([tv_tensors.Image(image)])
        pad_left, pad_top = int(params["padding"][0]), int(params["padding"][1])
        height, width = self.image_size
        # A window reaching past the image is padded with zeros by torchvision's crop.
        return crop_with_rules(
            scaled,
            top=int(params["top"]) - pad_top,
            left=int(params["left"]) - pad_left,
            height=height,
            width=width,
            min_visible=self.min_visible,
            min_box_size=self.min_box_size,
        )

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        fit = min(self.image_size[0] / size[0], self.image_size[1] / size[1]) * self.scale[1]
        return (min(size[0], math.ceil(size[0] * fit)), min(size[1], math.ceil(size[1] * fit)))

    def __repr__(self) -> str:
        return f"ScaleJitter({self.image_size}, scale={self.scale})"


@final
class Flips(Transform):
    """Left-right flip with probability ``hflip``, upside-down with ``vflip``."""

    def __init__(self, *, hflip: float = 0.5, vflip: float = 0.0) -> None:
        _check_probability(hflip, "Flips hflip")
        _check_probability(vflip, "Flips vflip")
        self.hflip, self.vflip = hflip, vflip
        # torchvision's flips with p=1; the coin is tossed here (hflip, then vflip), so an
        # image left as it is costs no tv_tensor and no kernel call.
        flips = ((hflip, v2.RandomHorizontalFlip(p=1.0)), (vflip, v2.RandomVerticalFlip(p=1.0)))
        self._flips = tuple((p, flip) for p, flip in flips if p > 0.0)

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        for p, flip in self._flips:
            if _chance(p):
                image, boxes, mapping = _geometric(item, flip)
                item = dataclasses.replace(item, image=image, boxes=boxes, mapping=mapping)
        return item

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        return None

    def __repr__(self) -> str:
        return f"Flips(hflip={self.hflip}, vflip={self.vflip})"


@final
class Photometric(Transform):
    """torchvision's ``ColorJitter`` (factors in ``1 +- amount``, hue in ``+- hue``) on a
    fraction ``p`` of the images; the image becomes float in [0, 1], boxes are untouched."""

    def __init__(
        self,
        *,
        p: float = 0.8,
        brightness: float = 0.2,
        contrast: float = 0.2,
        saturation: float = 0.2,
        hue: float = 0.0,
    ) -> None:
        _check_probability(p, "Photometric")
        amounts = {"brightness": brightness, "contrast": contrast, "saturation": saturation}
        for name, amount in amounts.items():
            if not 0.0 <= amount < 1.0:
                raise DataError(f"Photometric {name} must be in [0, 1), got {amount}")
        if not 0.0 <= hue <= 0.5:
            raise DataError(f"Photometric hue must be in [0, 0.5], got {hue}")
        self.p = p
        self.amounts = (brightness, contrast, saturation, hue)
        self._jitter = v2.ColorJitter(
            brightness=brightness or None,
            contrast=contrast or None,
            saturation=saturation or None,
            hue=hue or None,
        )

    def apply(self, item: ImageBoxes) -> ImageBoxes:
        if not _chance(self.p):
            return item
        image = item.image
        if not torch.is_floating_point(image):
            # One conversion here instead of one inside every adjustment of a uint8 image.
            image = tvf.to_dtype_image(image, torch.float32, scale=True)
        jittered: Tensor = self._jitter(tv_tensors.Image(image)).as_subclass(Tensor)
        return dataclasses.replace(item, image=jittered)

    def needed_input(self, size: tuple[int, int]) -> tuple[int, int] | None:
        return None

    def __repr__(self) -> str:
        b, c, s, h = self.amounts
        return f"Photometric(p={self.p}, brightness={b}, contrast={c}, saturation={s}, hue={h})"


def train_transforms(
    image_size: tuple[int, int], *, scale: tuple[float, float] = (0.75, 1.25)
) -> Compose:
    """The default training augmentation: scale jitter to ``image_size``, a horizontal
    flip half the time, colour jitter (+-0.2) on 80 % of the images."""
    return Compose([ScaleJitter(image_size, scale=scale), Flips(), Photometric()])
