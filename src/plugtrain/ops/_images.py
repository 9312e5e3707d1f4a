"""Preprocessing of detector inputs: normalise, optionally resize, pad into one batch.

The steps and their arithmetic are those of torchvision's ``GeneralizedRCNNTransform``
(normalise, then resize so the short side is ``min_size`` unless the long side would
exceed ``max_size``, then zero-pad to a multiple of ``size_divisible``), so a detector
converted from torchvision sees the same tensor. Images of one size are processed as one
tensor; images of different sizes one by one, then padded into a batch.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, cast

import torch
from jaxtyping import Float, Int64
from torch import Tensor
from torch.nn import functional

from plugtrain.errors import ShapeError
from plugtrain.typing import checked_dataclass, checks_enabled
from plugtrain.typing._describe import describe_value

__all__ = ["PreparedImages", "prepare_images", "resized_size"]

_RANGE_TOLERANCE: Final = 1e-3
_EXPECTED: Final = "a float tensor (batch, 3, height, width) or a list of (3, height, width)"


@checked_dataclass
@dataclass(frozen=True, slots=True)
class PreparedImages:
    """A padded, normalised batch and the sizes needed to map boxes back.

    ``tensor``: (batch, 3, height, width), height and width multiples of
    ``size_divisible``; ``image_sizes``: (batch, 2) height and width of each image inside
    the padding (after resizing); ``box_scale``: (batch, 4) x, y, x, y factors from the
    network input back to each original image, ``target_scale`` the other way round
    (both computed as torchvision's ``resize_boxes`` does); ``original_sizes`` as given.
    """

    tensor: Float[Tensor, "batch 3 height width"]
    image_sizes: Int64[Tensor, "batch 2"]
    box_scale: Float[Tensor, "batch 4"]
    target_scale: Float[Tensor, "batch 4"]
    original_sizes: tuple[tuple[int, int], ...]
    resized_sizes: tuple[tuple[int, int], ...]

    @property
    def padded_size(self) -> tuple[int, int]:
        """(height, width) of the padded batch."""
        return (int(self.tensor.shape[2]), int(self.tensor.shape[3]))


def resized_size(
    size: tuple[int, int], *, min_size: int | None, max_size: int | None
) -> tuple[tuple[int, int], float | None]:
    """(height, width) after resizing, and the scale factor (``None``: no resize needed)."""
    if min_size is None or max_size is None:
        return size, None
    height, width = size
    scale = min(min_size / min(height, width), max_size / max(height, width))
    resized = (math.floor(height * scale), math.floor(width * scale))
    return resized, (None if resized == size else scale)


def _shape_error(argument: str, value: object, reason: str, fix: str) -> ShapeError:
    return ShapeError(
        component="Detector",
        method="forward",
        argument=argument,
        expected=_EXPECTED,
        actual=describe_value(value),
        bindings={},
        reason=reason,
        fix=fix,
    )


def _check_image(argument: str, image: object, dims: int) -> Tensor:
    if not isinstance(image, Tensor):
        raise _shape_error(argument, image, "not a torch.Tensor", "pass torch tensors")
    if image.dim() != dims or image.shape[-3] != 3:
        raise _shape_error(
            argument,
            image,
            f"expected {dims} dimensions with 3 channels first, got shape {tuple(image.shape)}",
            "pass RGB images channels first: (3, height, width) each, or (batch, 3, height, "
            "width); convert HWC images with image.permute(2, 0, 1)",
        )
    if not image.is_floating_point():
        raise _shape_error(
            argument,
            image,
            f"dtype {str(image.dtype).removeprefix('torch.')} is not floating point",
            "convert to float in [0, 1], e.g. image.float() / 255",
        )
    if image.shape[-1] == 0 or image.shape[-2] == 0:
        raise _shape_error(argument, image, "the image is empty", "pass non-empty images")
    return image


def _check_range(argument: str, image: Tensor) -> None:
    low, high = torch.aminmax(image.detach())
    if float(low) < -_RANGE_TOLERANCE or float(high) > 1 + _RANGE_TOLERANCE:
        raise _shape_error(
            argument,
            image,
            f"values span [{float(low):.4g}, {float(high):.4g}], expected [0, 1]",
            "divide 0..255 images by 255; do not normalise them yourself (the detector "
            "normalises with its image_mean and image_std)",
        )


def _as_images(images: object) -> list[Tensor] | Tensor:
    if isinstance(images, Tensor):
        batch = _check_image("images", images, 4)
        if batch.shape[0] == 0:
            raise _shape_error("images", images, "the batch is empty", "pass at least one image")
        return batch
    if isinstance(images, (str, bytes)) or not isinstance(images, Sequence):
        raise _shape_error("images", images, "not a tensor or a list of tensors", "see expected")
    items = list(cast(Sequence[object], images))
    if not items:
        raise _shape_error("images", items, "the list is empty", "pass at least one image")
    return [_check_image(f"images[{i}]", image, 3) for i, image in enumerate(items)]


def _resize(batch: Tensor, scale: float | None) -> Tensor:
    if scale is None:
        return batch
    return functional.interpolate(
        batch,
        scale_factor=scale,
        mode="bilinear",
        recompute_scale_factor=True,
        align_corners=False,
    )


def _pad(batch: Tensor, size_divisible: int) -> Tensor:
    height, width = batch.shape[-2:]
    pad_h = -height % size_divisible
    pad_w = -width % size_divisible
    if pad_h == 0 and pad_w == 0:
        return batch
    return functional.pad(batch, (0, pad_w, 0, pad_h))


def prepare_images(
    images: Tensor | Sequence[Tensor],
    *,
    mean: Tensor,
    std: Tensor,
    size_divisible: int,
    min_size: int | None = None,
    max_size: int | None = None,
) -> PreparedImages:
    """Check, normalise, resize and pad ``images`` (values in [0, 1]) into one batch.

    ``mean`` and ``std``: (3,) tensors. A wrong input raises ``ShapeError`` naming the
    image (``images[2]``), what it is and how to fix it.
    """
    checked_input = _as_images(images)
    check_range = checks_enabled()
    if isinstance(checked_input, Tensor) or len({tuple(i.shape) for i in checked_input}) == 1:
        batch = checked_input if isinstance(checked_input, Tensor) else torch.stack(checked_input)
        if check_range:
            _check_range("images", batch)
        original = (int(batch.shape[2]), int(batch.shape[3]))
        resized, scale = resized_size(original, min_size=min_size, max_size=max_size)
        normalised = (batch - mean.to(batch)[None, :, None, None]) / std.to(batch)[
            None, :, None, None
        ]
        tensor = _pad(_resize(normalised, scale), size_divisible)
        originals = (original,) * int(batch.shape[0])
        resized_all = (resized,) * int(batch.shape[0])
    else:
        pieces: list[Tensor] = []
        originals_list: list[tuple[int, int]] = []
        resized_list: list[tuple[int, int]] = []
        for index, image in enumerate(checked_input):
            if check_range:
                _check_range(f"images[{index}]", image)
            original = (int(image.shape[1]), int(image.shape[2]))
            resized, scale = resized_size(original, min_size=min_size, max_size=max_size)
            normalised = (image - mean.to(image)[:, None, None]) / std.to(image)[:, None, None]
            pieces.append(_resize(normalised[None], scale)[0])
            originals_list.append(original)
            resized_list.append(resized)
        height = max(p.shape[1] for p in pieces)
        width = max(p.shape[2] for p in pieces)
        height += -height % size_divisible
        width += -width % size_divisible
        tensor = pieces[0].new_zeros((len(pieces), 3, height, width))
        for index, piece in enumerate(pieces):
            tensor[index, :, : piece.shape[1], : piece.shape[2]].copy_(piece)
        originals = tuple(originals_list)
        resized_all = tuple(resized_list)
    device = tensor.device
    sizes = torch.tensor(resized_all, dtype=torch.int64, device=device)
    # torchvision's resize_boxes: float32 ratios of sizes, new / old, per axis
    old = torch.tensor(originals, dtype=torch.float32, device=device)
    new = sizes.to(torch.float32)
    xyxy = [1, 0, 1, 0]
    return PreparedImages(
        tensor=tensor,
        image_sizes=sizes,
        box_scale=(old / new)[:, xyxy].to(tensor.dtype),
        target_scale=(new / old)[:, xyxy].to(tensor.dtype),
        original_sizes=originals,
        resized_sizes=resized_all,
    )
