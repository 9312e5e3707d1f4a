"""Read an image file as a (3, height, width) uint8 RGB tensor, with Pillow.

Not ``torchvision.io``: its decoders are deprecated since torchvision 0.29 (moving to
TorchCodec), and its ``decode_png`` can crash the process on a PNG with a damaged IDAT
chunk, where Pillow raises. Pillow's libjpeg-turbo and zlib decoders are about as fast.

Modes: grayscale, palette, RGBA/LA (alpha dropped, as Pillow's ``convert("RGB")`` does),
CMYK and 16-bit images become 8-bit RGB; 16-bit values are scaled (``v >> 8``), not
clipped. EXIF orientation is applied only when asked (see :func:`scan_coco`: when the
recorded width/height match the rotated image).

The tensor is a channels-first *view* of Pillow's row-major pixels (strides of a
channels-last image): torch's uint8 resize kernels work on that layout directly, so no
copy is made until a transform needs one.

The file is opened as a regular file within :data:`~plugtrain.io.IMAGE_LIMIT` (a FIFO or
device among the images is refused at once, never waited on), and every failure is a
:class:`~plugtrain.errors.DataError` naming the file.
"""

from pathlib import Path
from typing import BinaryIO, Final

import numpy as np
import torch
from jaxtyping import UInt8
from numpy.typing import NDArray
from torch import Tensor

from plugtrain.errors import DataError
from plugtrain.io import IMAGE_LIMIT, open_regular_file

__all__ = ["read_rgb", "reduction_of"]

_SIXTEEN_BIT: Final = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})


def reduction_of(stored: tuple[int, int], needed: tuple[int, int] | None) -> int:
    """The JPEG DCT scale (1, 2, 4 or 8) that still decodes at least ``needed`` pixels.

    Both sizes are (height, width); libjpeg decodes at ``ceil(size / factor)``.
    """
    if needed is None:
        return 1
    for factor in (8, 4, 2):
        if all(-(-s // factor) >= n for s, n in zip(stored, needed, strict=True)):
            return factor
    return 1


def read_rgb(
    path: Path | str, *, apply_exif: bool = False, reduce: int = 1
) -> UInt8[Tensor, "3 height width"]:
    """Decode ``path`` to RGB uint8, channels first.

    ``reduce`` (2, 4 or 8) decodes a JPEG at ``ceil(size / reduce)`` through libjpeg's DCT
    scaling, much cheaper than decoding in full and resizing; other formats ignore it
    (check the returned size). Raises :class:`~plugtrain.errors.DataError` (``file`` set
    to the path) for a file that is missing, not a regular file, too large, not an image,
    truncated or corrupt; :class:`~plugtrain.io.FileReadError` (a ``DataError``) when the
    file itself cannot be read.
    """
    with open_regular_file(
        path,
        limit_bytes=IMAGE_LIMIT.resolve(),
        what="image file",
        how_to_change=IMAGE_LIMIT.how_to_change(),
    ) as stream:
        try:
            pixels = _decode(stream, apply_exif=apply_exif, reduce=reduce)
        except Exception as error:  # any decoder failure: OSError, SyntaxError, bombs, ...
            raise DataError(
                f"cannot decode the image file {path}: {type(error).__name__}: {error}; "
                f"re-export it as PNG or JPEG, or remove it",
                file=str(path),
            ) from error
    return torch.as_tensor(pixels).permute(2, 0, 1)


def _decode(stream: BinaryIO, *, apply_exif: bool, reduce: int) -> NDArray[np.uint8]:
    from PIL import Image, ImageOps

    with Image.open(stream) as opened:
        if reduce > 1 and opened.format == "JPEG":
            width, height = opened.size
            # Pillow picks the largest factor <= min(width // w, height // h): asking for
            # size // reduce makes that exactly `reduce`.
            opened.draft(None, (max(1, width // reduce), max(1, height // reduce)))
        image = ImageOps.exif_transpose(opened) if apply_exif else opened
        if image.mode in _SIXTEEN_BIT:
            values = np.asarray(image).astype(np.int64) >> 8
            gray = np.clip(values, 0, 255).astype(np.uint8)
            pixels = np.repeat(gray[..., None], 3, axis=2)
        elif image.mode == "F":
            gray = np.clip(np.asarray(image), 0, 255).astype(np.uint8)
            pixels = np.repeat(gray[..., None], 3, axis=2)
        else:
            if image.mode in ("P", "PA"):
                # Palette transparency is only handled through RGBA (Pillow warns otherwise).
                image = image.convert("RGBA")
            if image.mode != "RGB":
                image = image.convert("RGB")
            # One writable copy through Pillow's array interface (several times faster than
            # tobytes()); torch then shares it.
            pixels = np.array(image)
    return pixels
