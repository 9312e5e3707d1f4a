"""Synthetic shape crops: one shape per image, one folder per class (``format: folders``).

The classification counterpart of the shapes set, drawn by its renderer (the same textured
backgrounds, outlines and contrasting colours): each image holds one circle, square or
triangle, large (25-42 % of the side from its centre to its outline), near the centre, at a
random angle. ``out/train/<class>/*.png`` and ``out/val/<class>/*.png``, the classes in
equal numbers. Every image comes from its own random stream (seed, split, index): the same
set for a seed, whatever the number of threads. Torch-free.
"""

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from plugtrain.data._image_files import default_workers
from plugtrain.data._synth import (
    SHAPE_CLASSES,
    background,
    contrasting_colour,
    polygon_of,
    rasterise,
)
from plugtrain.errors import ArgumentError

__all__ = ["CROP_STYLES", "CropStyle", "CropsDataset", "make_crops_dataset", "render_crop"]

CropStyle = Literal["shapes"]
"""How a crop looks: ``shapes``, the shapes set's textured backgrounds and colours."""

CROP_STYLES: Final[tuple[CropStyle, ...]] = ("shapes",)

_SPLIT_CODES: Final = {"train": 11, "val": 12}
_MIN_SIZE: Final = 16


@dataclass(frozen=True, slots=True)
class CropsDataset:
    """Where ``make_crops_dataset`` wrote each split (the ``root`` of a folders set)."""

    root: Path
    train: Path
    val: Path
    classes: tuple[str, ...]


def render_crop(
    seed: int, split: str, index: int, *, size: int, style: CropStyle = "shapes"
) -> tuple[NDArray[np.uint8], int]:
    """Image ``index`` of ``split``: ``(size, size, 3)`` pixels and its class (its index in
    :data:`SHAPE_CLASSES`; the classes take turns, so every class has its share)."""
    from PIL import Image

    if style not in CROP_STYLES:
        raise ArgumentError(
            part="render_crop",
            argument="style",
            received=style,
            expected=f"one of {', '.join(CROP_STYLES)}",
            fix="pass style='shapes'",
        )
    rng = np.random.default_rng([seed, _SPLIT_CODES[split], index])
    category = index % len(SHAPE_CLASSES)
    canvas = background(rng, size)
    mean = canvas.reshape(-1, 3).mean(axis=0)
    image = Image.fromarray(canvas)
    radius = float(rng.uniform(0.25, 0.42)) * size
    centre = (
        rng.uniform(radius + 1, size - radius - 1, 2) if size - 2 * radius > 2 else (size / 2,) * 2
    )
    spin = math.pi / 12 if category == 1 else math.pi  # squares stay near upright
    polygon = polygon_of(
        category, float(centre[0]), float(centre[1]), radius, float(rng.uniform(-spin, spin))
    )
    raster = rasterise(polygon)
    if raster is not None:
        colour = contrasting_colour(rng, mean)
        image.paste(tuple(int(c) for c in colour), raster.origin, mask=raster.mask)
    return np.asarray(image), category


def _write_split(
    root: Path, split: str, count: int, *, size: int, seed: int, style: CropStyle, workers: int
) -> Path:
    from PIL import Image

    folder = root / split
    for name in SHAPE_CLASSES:
        (folder / name).mkdir(parents=True, exist_ok=True)

    def one(index: int) -> None:
        pixels, category = render_crop(seed, split, index, size=size, style=style)
        target = folder / SHAPE_CLASSES[category] / f"{index + 1:06d}.png"
        Image.fromarray(pixels).save(target, compress_level=1)

    if workers > 1 and count > 1:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="plugtrain-synth") as pool:
            list(pool.map(one, range(count)))
    else:
        for index in range(count):
            one(index)
    return folder


def make_crops_dataset(
    out: Path | str,
    *,
    num_train: int = 300,
    num_val: int = 90,
    size: int = 64,
    seed: int = 0,
    style: CropStyle = "shapes",
    workers: int | None = None,
) -> CropsDataset:
    """Write ``out/train/<class>/*.png`` and ``out/val/<class>/*.png`` (circle, square,
    triangle); ``num_train``/``num_val`` images in all, at least one per class; ``size``
    the side in pixels (at least 16). Deterministic for a seed."""
    if isinstance(size, bool) or size < _MIN_SIZE:
        raise ArgumentError(
            part="make_crops_dataset",
            argument="size",
            received=size,
            expected=f"at least {_MIN_SIZE} pixels",
            fix=f"pass size={_MIN_SIZE} or more",
        )
    for argument, count in (("num_train", num_train), ("num_val", num_val)):
        if count < len(SHAPE_CLASSES):
            raise ArgumentError(
                part="make_crops_dataset",
                argument=argument,
                received=count,
                expected=f"at least {len(SHAPE_CLASSES)} images (one per class)",
                fix=f"pass {argument}={len(SHAPE_CLASSES)} or more",
            )
    if style not in CROP_STYLES:
        raise ArgumentError(
            part="make_crops_dataset",
            argument="style",
            received=style,
            expected=f"one of {', '.join(CROP_STYLES)}",
            fix="pass style='shapes'",
        )
    if workers is not None and workers < 1:
        raise ArgumentError(
            part="make_crops_dataset",
            argument="workers",
            received=workers,
            expected="at least 1 thread, or None for two per core",
            fix="pass workers=None or a positive number",
        )
    root = Path(out)
    threads = workers if workers is not None else default_workers()
    train = _write_split(
        root, "train", num_train, size=size, seed=seed, style=style, workers=threads
    )
    val = _write_split(root, "val", num_val, size=size, seed=seed, style=style, workers=threads)
    return CropsDataset(root, train, val, SHAPE_CLASSES)
