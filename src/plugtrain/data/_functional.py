"""Shape-checked image + box operations on torchvision's ``transforms.v2`` kernels.

Every function takes a (3, height, width) image of any dtype (uint8 while decoding, float
later) and (num, 4) xyxy boxes in the image's absolute pixels, and returns both moved
together. The box arithmetic is torchvision's (``resize_bounding_boxes``, ``pad_...``,
``crop_...``, ``horizontal_flip_...``); these wrappers add the shape contracts, keep boxes
inside the image, and drop the ones a crop leaves empty.
"""

from typing import Final

import torch
from jaxtyping import Bool, Float, Shaped
from torch import Tensor
from torchvision import tv_tensors
from torchvision.transforms.v2 import functional as tvf

from plugtrain.errors import DataError
from plugtrain.typing import checked

__all__ = [
    "clip_boxes",
    "crop",
    "hflip",
    "letterbox",
    "letterbox_scale",
    "pad_to",
    "resize",
]

_XYXY: Final = tv_tensors.BoundingBoxFormat.XYXY


def _size_of(image: Tensor) -> tuple[int, int]:
    return int(image.shape[-2]), int(image.shape[-1])


def _require_size(size: tuple[int, ...], what: str) -> None:
    if len(size) != 2 or size[0] < 1 or size[1] < 1:
        raise DataError(f"{what} needs a (height, width) of positive ints, got {size}")


@checked
def resize(
    image: Shaped[Tensor, "3 height width"],
    boxes: Float[Tensor, "num 4"],
    size: tuple[int, int],
) -> tuple[Shaped[Tensor, "3 out_height out_width"], Float[Tensor, "num 4"]]:
    """Resize to exactly ``size`` = (height, width) (aspect ratio not kept), boxes scaled."""
    _require_size(size, "resize")
    canvas = _size_of(image)
    if canvas == size:
        return image, boxes
    resized = tvf.resize_image(image, list(size), antialias=True)
    moved, _ = tvf.resize_bounding_boxes(boxes, canvas_size=canvas, size=list(size), format=_XYXY)
    return resized, moved


@checked
def hflip(
    image: Shaped[Tensor, "3 height width"], boxes: Float[Tensor, "num 4"]
) -> tuple[Shaped[Tensor, "3 height width"], Float[Tensor, "num 4"]]:
    """Mirror left-right; a box [x1, y1, x2, y2] becomes [W - x2, y1, W - x1, y2]."""
    canvas = _size_of(image)
    flipped = tvf.horizontal_flip_image(image)
    moved = tvf.horizontal_flip_bounding_boxes(boxes, format=_XYXY, canvas_size=canvas)
    return flipped, moved


@checked
def pad_to(
    image: Shaped[Tensor, "3 height width"],
    boxes: Float[Tensor, "num 4"],
    size: tuple[int, int],
    fill: float = 0.0,
) -> tuple[Shaped[Tensor, "3 out_height out_width"], Float[Tensor, "num 4"]]:
    """Pad at the bottom and right up to ``size``; boxes do not move.

    ``fill`` is in [0, 1] (scaled to 255 for uint8 images).
    """
    height, width = _size_of(image)
    if size[0] < height or size[1] < width:
        raise DataError(
            f"pad_to {size} is smaller than the image ({height}, {width}); expected a "
            f"(height, width) at least the image's"
        )
    if (height, width) == size:
        return image, boxes
    value = float(round(fill * 255)) if image.dtype == torch.uint8 else fill
    padding = [0, 0, size[1] - width, size[0] - height]
    padded = tvf.pad_image(image, padding, fill=value)
    return padded, boxes


def letterbox_scale(
    canvas: tuple[int, int], size: tuple[int, int]
) -> tuple[float, tuple[int, int]]:
    """The scale that fits ``canvas`` inside ``size`` keeping its aspect, and the new size."""
    _require_size(size, "letterbox")
    scale = min(size[0] / canvas[0], size[1] / canvas[1])
    fitted = (
        min(size[0], max(1, round(canvas[0] * scale))),
        min(size[1], max(1, round(canvas[1] * scale))),
    )
    return scale, fitted


@checked
def letterbox(
    image: Shaped[Tensor, "3 height width"],
    boxes: Float[Tensor, "num 4"],
    size: tuple[int, int],
    fill: float = 0.0,
) -> tuple[Shaped[Tensor, "3 out_height out_width"], Float[Tensor, "num 4"]]:
    """Resize keeping the aspect ratio to fit ``size``, then pad bottom/right to it."""
    _, fitted = letterbox_scale(_size_of(image), size)
    resized, moved = resize(image, boxes, fitted)
    return pad_to(resized, moved, size, fill)


@checked
def clip_boxes(
    boxes: Float[Tensor, "num 4"], size: tuple[int, int], min_size: float = 1.0
) -> tuple[Float[Tensor, "kept 4"], Bool[Tensor, " num"]]:
    """Clamp boxes to a (height, width) canvas; drop those narrower or lower than
    ``min_size`` px after clamping. Returns the kept boxes and the keep mask."""
    clamped = tvf.clamp_bounding_boxes(boxes, format=_XYXY, canvas_size=size, clamping_mode="hard")
    keep = ((clamped[:, 2] - clamped[:, 0]) >= min_size) & (
        (clamped[:, 3] - clamped[:, 1]) >= min_size
    )
    return clamped[keep], keep


@checked
def crop(
    image: Shaped[Tensor, "3 height width"],
    boxes: Float[Tensor, "num 4"],
    top: int,
    left: int,
    size: tuple[int, int],
    min_size: float = 1.0,
) -> tuple[Shaped[Tensor, "3 out_height out_width"], Float[Tensor, "kept 4"], Bool[Tensor, " num"]]:
    """Cut the (height, width) window at (top, left) out of the image (which it must lie
    in); boxes are shifted, clamped to the window, and dropped when less than ``min_size``
    px remains. Returns the image, the kept boxes and the keep mask."""
    height, width = _size_of(image)
    if top < 0 or left < 0 or top + size[0] > height or left + size[1] > width:
        raise DataError(
            f"crop window top={top} left={left} size={size} does not lie inside the "
            f"{height}x{width} (height x width) image"
        )
    cropped = tvf.crop_image(image, top, left, size[0], size[1])
    shifted, _ = tvf.crop_bounding_boxes(
        boxes, format=_XYXY, top=top, left=left, height=size[0], width=size[1]
    )
    kept, keep = clip_boxes(shifted, size, min_size)
    return cropped, kept, keep
