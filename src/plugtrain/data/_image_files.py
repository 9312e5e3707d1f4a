"""Check image files: exists, opens, decodes to the end, and what size and orientation it has.

Pillow reads the header for the size, the mode and the EXIF orientation, then decodes every
pixel (``verify()`` alone misses truncated files). JPEGs are decoded at 1/8 scale through
libjpeg's DCT scaling: the whole entropy-coded stream is still read, so truncation is still
found, at a fraction of the cost. Pillow's decoders release the GIL, so a thread pool
scales with the cores.
"""

import functools
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plugtrain.errors import DataError
from plugtrain.io import IMAGE_LIMIT, FileReadError, open_regular_file

__all__ = ["ImageFileInfo", "ImageFileProblem", "check_image_files", "default_workers"]

_ORIENTATION_TAG: Final = 0x0112
ROTATING_ORIENTATIONS: Final = frozenset({5, 6, 7, 8})
"""EXIF orientations that swap width and height when applied."""


@dataclass(frozen=True, slots=True)
class ImageFileInfo:
    """A readable image file: its stored size, Pillow mode and EXIF orientation (1 = none)."""

    width: int
    height: int
    mode: str
    orientation: int


@dataclass(frozen=True, slots=True)
class ImageFileProblem:
    """Why a file cannot be used: a problem code and a message."""

    code: str
    message: str


def default_workers() -> int:
    """Threads for checking images: two per usable core (decoding releases the GIL)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(16, 2 * cores))


def _orientation(image: object) -> int:
    """The EXIF orientation tag (1 = none), read without decoding pixels."""
    from PIL import Image

    if not isinstance(image, Image.Image):
        return 1
    try:
        if image.format == "PNG":
            # Pillow's PNG getexif() decodes the whole image to look for an eXIf chunk
            # after the pixels; one before them (where the PNG spec puts it) is in info.
            raw = image.info.get("exif")
            if not isinstance(raw, bytes):
                return 1
            exif = Image.Exif()
            exif.load(raw)
        else:
            exif = image.getexif()
        value = exif.get(_ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block is not a reason to refuse the pixels
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _decode_problem(path: Path, error: Exception) -> ImageFileProblem:
    text = str(error) or type(error).__name__
    if "truncated" in text.lower():
        return ImageFileProblem(
            "image_truncated",
            f"{path} is truncated: the pixel data stops early ({text}); re-export or "
            f"re-download the file",
        )
    return ImageFileProblem(
        "image_corrupt",
        f"{path} cannot be decoded ({type(error).__name__}: {text}); re-export the file",
    )


def _read_problem(path: Path, error: FileReadError) -> ImageFileProblem:
    if error.problem == "missing":
        return ImageFileProblem(
            "image_missing",
            f"image file not found: {path}; check the image's file_name and the --images folder",
        )
    return ImageFileProblem("image_unreadable", error.message)


def inspect_image_file(path: Path, *, decode: bool = True) -> ImageFileInfo | ImageFileProblem:
    """Open ``path`` (and, with ``decode``, decode all of it); never raises.

    The file is opened once, as a regular file within :data:`~plugtrain.io.IMAGE_LIMIT`
    (a FIFO or a device is a problem, never a hang).
    """
    from PIL import Image, UnidentifiedImageError

    try:
        stream = open_regular_file(
            path,
            limit_bytes=IMAGE_LIMIT.resolve(),
            what="image file",
            how_to_change=IMAGE_LIMIT.how_to_change(),
        )
    except FileReadError as error:
        return _read_problem(path, error)
    except DataError as error:  # a malformed limit in the environment
        return ImageFileProblem("image_unreadable", error.message)
    with stream:
        try:
            image = Image.open(stream)
        except UnidentifiedImageError:
            size = os.fstat(stream.fileno()).st_size
            detail = "the file is empty" if size == 0 else f"{size} bytes of an unknown format"
            return ImageFileProblem(
                "image_unreadable",
                f"cannot identify {path} as an image ({detail}); expected JPEG, PNG, BMP, "
                f"TIFF, WebP, GIF or another format Pillow reads",
            )
        except Exception as error:  # permissions, decompression bombs, broken headers
            return ImageFileProblem("image_unreadable", f"cannot open {path}: {error}")
        with image:
            width, height = image.size
            info = ImageFileInfo(width, height, image.mode, _orientation(image))
            kind = image.format
        if not decode:
            return info
        try:
            if kind == "PNG":
                # Pillow's PNG decoder stops once it has every row and checks no chunk CRC,
                # so a damaged IDAT can decode to garbage silently; verify() checks the CRCs
                # (and must come first after open).
                stream.seek(0)
                with Image.open(stream) as fresh:
                    fresh.verify()
            stream.seek(0)
            with Image.open(stream) as fresh:
                if kind == "JPEG":
                    fresh.draft(None, (max(1, width // 8), max(1, height // 8)))
                fresh.load()
        except Exception as error:
            return _decode_problem(path, error)
        return info


def check_image_files(
    paths: Iterable[Path], *, decode: bool = True, workers: int | None = None
) -> Mapping[Path, ImageFileInfo | ImageFileProblem]:
    """Inspect every file once, in a thread pool; the result maps each path to its finding."""
    unique = list(dict.fromkeys(paths))
    count = workers if workers is not None else default_workers()
    if count <= 1 or len(unique) <= 1:
        return {path: inspect_image_file(path, decode=decode) for path in unique}
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="plugtrain-check") as pool:
        found = pool.map(functools.partial(inspect_image_file, decode=decode), unique)
        return dict(zip(unique, found, strict=True))
