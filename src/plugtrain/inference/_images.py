"""Turn what a user passes (a file, a PIL image, an array, a tensor) into model input.

Files are read with the data package's decoder (:func:`plugtrain.data._decode.read_rgb`)
after two checks that cost nothing: the path is a regular file (a FIFO or a device would
block or never end) and the header's pixel count is within ``max_pixels`` (a small file can
declare a huge image: a decompression bomb). Pillow's own bomb limit is the upper bound of
``max_pixels``, so Pillow never warns or refuses first.
"""

import os
import stat
import warnings
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import torch
from jaxtyping import Float, UInt8
from PIL import Image, UnidentifiedImageError
from torch import Tensor

from plugtrain.data._decode import read_rgb
from plugtrain.errors import ArgumentError, DataError, ShapeError

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "ImageInput",
    "ImageInputError",
    "ImageProblem",
    "check_max_pixels",
    "read_image",
    "to_model_image",
]

DEFAULT_MAX_PIXELS: Final = 40_000_000
"""Largest image (width x height) read by default: 8000 x 5000, a 40-megapixel photo."""

PILLOW_PIXEL_LIMIT: Final = int(Image.MAX_IMAGE_PIXELS or 178_956_970)

ImageProblem = Literal[
    "image_missing",
    "image_not_a_file",
    "image_unsupported",
    "image_truncated",
    "image_corrupt",
    "image_too_large",
]
"""Why an image was refused (the ``problem`` of an :class:`ImageInputError`)."""

ImageInput = str | Path | Image.Image | np.ndarray[Any, Any] | Tensor
"""One image: a file path, a PIL image, an (H, W, 3) or (H, W) array, or a (3, H, W) tensor."""


class ImageInputError(DataError):
    """An image that cannot be used; ``problem`` says why, for tools (e.g. HTTP status)."""

    def __init__(self, message: str, *, problem: ImageProblem, file: str | None = None) -> None:
        self.problem: Final = problem
        self.detail: Final = message
        """The message without the file name appended (it names the file itself)."""
        super().__init__(message, file=file)


def check_max_pixels(value: object, *, part: str) -> int:
    """``value`` as a pixel limit in [1, Pillow's bomb limit], else an ``ArgumentError``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= PILLOW_PIXEL_LIMIT
    ):
        raise ArgumentError(
            part=part,
            argument="max_pixels",
            received=value,
            expected=f"an int in [1, {PILLOW_PIXEL_LIMIT}] (Pillow's decompression-bomb limit)",
            fix=f"pass e.g. max_pixels={DEFAULT_MAX_PIXELS}",
        )
    return value


def _too_large(width: int, height: int, max_pixels: int, file: str | None) -> ImageInputError:
    return ImageInputError(
        f"the image is {width} x {height} = {width * height} pixels, above the limit of "
        f"{max_pixels}; resize it first or raise max_pixels",
        problem="image_too_large",
        file=file,
    )


def _header_size(path: Path) -> tuple[int, int]:
    """(width, height) from the header, without decoding pixels."""
    with warnings.catch_warnings():
        # the pixel limit is ours (checked next); Pillow's warning would only repeat it
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            return image.size


def read_image(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> UInt8[Tensor, "3 h w"]:
    """Decode an image file to RGB uint8 (3, height, width); ``ImageInputError`` if it can't."""
    file = str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ImageInputError(
            f"no such image file: {path}", problem="image_missing", file=file
        ) from None
    except OSError as error:
        raise ImageInputError(
            f"cannot read {path}: {error.strerror}", problem="image_missing", file=file
        ) from None
    if not stat.S_ISREG(mode):
        raise ImageInputError(
            f"{path} is not a regular file (a folder, FIFO or device); pass an image file",
            problem="image_not_a_file",
            file=file,
        )
    try:
        width, height = _header_size(path)
        if width * height <= max_pixels:
            return read_rgb(path)
    except UnidentifiedImageError:
        size = os.stat(path).st_size
        detail = "the file is empty" if size == 0 else f"{size} bytes of an unknown format"
        raise ImageInputError(
            f"cannot identify {path} as an image ({detail}); expected JPEG, PNG, BMP, GIF, "
            f"TIFF, WebP or another format Pillow reads",
            problem="image_unsupported",
            file=file,
        ) from None
    except Image.DecompressionBombError as error:
        raise ImageInputError(
            f"the image is above the limit of {max_pixels} pixels, and even above Pillow's "
            f"decompression-bomb limit ({error}); resize it first",
            problem="image_too_large",
            file=file,
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # the decoder's own error, also when the data package's reader wrapped it
        cause = error.__cause__ if isinstance(error.__cause__, Exception) else error
        text = str(cause) or type(cause).__name__
        truncated = isinstance(cause, EOFError) or "truncat" in text.lower()
        raise ImageInputError(
            f"{path} is truncated: the pixel data stops early ({text}); re-export the file"
            if truncated
            else f"{path} cannot be decoded ({type(cause).__name__}: {text}); re-export it",
            problem="image_truncated" if truncated else "image_corrupt",
            file=file,
        ) from None
    raise _too_large(width, height, max_pixels, file)


def _shape_error(index: int, *, expected: str, actual: str, reason: str, fix: str) -> ShapeError:
    return ShapeError(
        component="Predictor",
        method="predict",
        argument=f"inputs[{index}]",
        expected=expected,
        actual=actual,
        bindings={},
        reason=reason,
        fix=fix,
    )


def _scaled(pixels: Tensor, index: int, *, expected: str, actual: str) -> Float[Tensor, "3 h w"]:
    """uint8 to [0, 1]; floats must already be in [0, 1]."""
    if pixels.dtype == torch.uint8:
        return pixels.to(torch.float32) / 255.0
    if not pixels.dtype.is_floating_point:
        raise _shape_error(
            index,
            expected=expected,
            actual=actual,
            reason=f"dtype {pixels.dtype} is neither uint8 nor floating point",
            fix="pass uint8 values in [0, 255] or floats in [0, 1]",
        )
    values = pixels.to(torch.float32)
    if values.numel() and not (
        bool(torch.isfinite(values).all())
        and float(values.min()) >= 0.0
        and float(values.max()) <= 1.0
    ):
        raise _shape_error(
            index,
            expected=expected,
            actual=f"{actual}, values in [{float(values.min())}, {float(values.max())}]",
            reason="float pixel values must be finite and in [0, 1]",
            fix="divide uint8-range values by 255 (x / 255.0)",
        )
    return values


def _describe(value: np.ndarray[Any, Any] | Tensor) -> str:
    return f"shape {tuple(value.shape)}, dtype {value.dtype}"


def _from_tensor(value: Tensor, index: int) -> Float[Tensor, "3 h w"]:
    expected = "a (3, height, width) RGB tensor, uint8 in [0, 255] or float in [0, 1]"
    if value.ndim != 3 or value.shape[0] != 3:
        channels_last = value.ndim == 3 and value.shape[-1] == 3
        raise _shape_error(
            index,
            expected=expected,
            actual=_describe(value),
            reason=f"expected 3 axes with 3 channels first, got {value.ndim} axes "
            f"{tuple(value.shape)}",
            fix="permute an (H, W, 3) image with .permute(2, 0, 1)"
            if channels_last
            else "pass one RGB image, channels first",
        )
    return _scaled(value.detach().cpu(), index, expected=expected, actual=_describe(value))


def _from_array(value: np.ndarray[Any, Any], index: int) -> Float[Tensor, "3 h w"]:
    expected = "an (height, width, 3) RGB or (height, width) gray array, uint8 or float in [0, 1]"
    if value.ndim == 2:
        value = np.repeat(value[..., None], 3, axis=2)
    if value.ndim != 3 or value.shape[2] != 3:
        channels = value.shape[2] if value.ndim == 3 else None
        raise _shape_error(
            index,
            expected=expected,
            actual=_describe(value),
            reason=f"expected 3 channels last, got {channels} channel(s)"
            if channels is not None
            else f"expected 2 or 3 axes, got {value.ndim}",
            fix="drop the alpha channel (array[..., :3])"
            if channels == 4
            else "pass an (H, W, 3) RGB array; for a (3, H, W) one, use array.transpose(1, 2, 0)",
        )
    if value.dtype.kind not in "uf" or (value.dtype.kind == "u" and value.dtype != np.uint8):
        raise _shape_error(
            index,
            expected=expected,
            actual=_describe(value),
            reason=f"dtype {value.dtype} is neither uint8 nor floating point",
            fix="convert with array.astype(np.uint8) (values 0-255) or to float in [0, 1]",
        )
    pixels = torch.as_tensor(np.ascontiguousarray(value)).permute(2, 0, 1)
    return _scaled(pixels, index, expected=expected, actual=_describe(value))


def _from_pil(image: Image.Image, index: int) -> Float[Tensor, "3 h w"]:
    if image.mode in {"I;16", "I;16B", "I;16L", "I;16N", "I", "F"}:
        raise DataError(
            f"inputs[{index}] is a PIL image in mode {image.mode!r} (16-bit or float values); "
            f"pass the file path instead (16-bit files are read and scaled to 8 bits) or "
            f"convert to an 8-bit mode first"
        )
    rgb = (
        image
        if image.mode == "RGB"
        else image.convert("RGBA" if image.mode in ("P", "PA") else "RGB")
    )
    if rgb.mode != "RGB":
        rgb = rgb.convert("RGB")
    return torch.as_tensor(np.array(rgb)).permute(2, 0, 1).to(torch.float32) / 255.0


def to_model_image(
    value: object, index: int, *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> Float[Tensor, "3 h w"]:
    """One input (an :data:`ImageInput`; anything else is refused) as float32 (3, height,
    width) RGB in [0, 1]; paths are read from disk."""
    if isinstance(value, (str, Path)):
        image = read_image(Path(value), max_pixels=max_pixels).to(torch.float32) / 255.0
    elif isinstance(value, Image.Image):
        if value.width * value.height > max_pixels:
            raise _too_large(value.width, value.height, max_pixels, None)
        image = _from_pil(value, index)
    elif isinstance(value, np.ndarray):
        # isinstance cannot narrow an object to ndarray's type parameters
        image = _from_array(value, index)  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(value, Tensor):
        image = _from_tensor(value, index)
    else:
        raise DataError(
            f"inputs[{index}] is a {type(value).__name__}; expected a file path, a PIL image, "
            f"a numpy array (H, W, 3) or a tensor (3, H, W)"
        )
    height, width = int(image.shape[1]), int(image.shape[2])
    if height < 1 or width < 1:
        raise DataError(f"inputs[{index}] is empty ({height} x {width} pixels)")
    if height * width > max_pixels:
        raise _too_large(width, height, max_pixels, None)
    return image
