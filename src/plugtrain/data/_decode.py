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
"""

from pathlib import Path
from typing import Final

import numpy as np
import torch
from jaxtyping import UInt8
from torch import Tensor

__all__ = ["read_rgb"]

_SIXTEEN_BIT: Final = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})


def read_rgb(path: Path | str, *, apply_exif: bool = False) -> UInt8[Tensor, "3 height width"]:
    """Decode ``path`` to RGB uint8, channels first; raises ``OSError`` on bad files."""
    from PIL import Image, ImageOps

    with Image.open(path) as opened:
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
            # bytearray: a writable buffer, so torch shares it without a warning or a copy
            buffer = bytearray(image.tobytes())
            flat = torch.frombuffer(buffer, dtype=torch.uint8)
            return flat.view(image.height, image.width, 3).permute(2, 0, 1)
    return torch.as_tensor(pixels).permute(2, 0, 1)
