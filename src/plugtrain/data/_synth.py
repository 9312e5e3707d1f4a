"""The synthetic shapes data set: the embedded default that ``plugtrain train`` learns.

Circles, squares and triangles of varied size, colour and rotation, some overlapping, on
textured backgrounds (smooth colour fields, gradients, stripes, mild grain), written in
COCO format. Every image comes from its own random stream (seed, split, index), so the set
is the same for a seed however many threads draw it. Objects are large enough (8-35 % of
the image side) and contrast with the background, so a small detector can learn them on a
CPU in minutes. Torch-free.
"""

import colorsys
import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from PIL import Image

from plugtrain.data._image_files import default_workers
from plugtrain.errors import ArgumentError

__all__ = [
    "SHAPE_CLASSES",
    "Raster",
    "ShapesDataset",
    "background",
    "contrasting_colour",
    "make_shapes_dataset",
    "polygon_of",
    "rasterise",
]

SHAPE_CLASSES: Final = ("circle", "square", "triangle")
"""The classes drawn, in category-id order (ids 1, 2, 3)."""

_SPLIT_CODES: Final = {"train": 1, "val": 2}
_MAX_TRIES: Final = 30


@dataclass(frozen=True, slots=True)
class ShapesDataset:
    """Where ``make_shapes_dataset`` wrote each split (paths as in the reference config)."""

    root: Path
    train_images: Path
    train_annotations: Path
    val_images: Path
    val_annotations: Path


@dataclass(frozen=True, slots=True)
class _Shape:
    category: int  # index into the class names
    bbox: tuple[float, float, float, float]  # COCO xywh
    area: float
    polygon: list[float]


def background(rng: np.random.Generator, size: int) -> NDArray[np.uint8]:
    """A (size, size, 3) textured background (the shapes set's)."""
    return _background(rng, size)


def _hsv(hue: float, sat: float, val: float) -> NDArray[np.float64]:
    return np.array(colorsys.hsv_to_rgb(hue % 1.0, sat, val)) * 255.0


def _background(rng: np.random.Generator, size: int) -> NDArray[np.uint8]:
    """A (size, size, 3) texture: muted colours, no object-like edges.

    Drawn at half resolution and upsampled: the texture is smooth anyway, and this is 4x
    less work.
    """
    from PIL import Image

    half = (size + 1) // 2
    kind = int(rng.integers(0, 4))
    base = _hsv(rng.random(), rng.uniform(0.0, 0.35), rng.uniform(0.2, 0.8)).astype(np.float32)
    axis = np.arange(half, dtype=np.float32)
    if kind == 0:  # smooth blotches: a coarse random grid upsampled
        cells = int(rng.integers(2, 7))
        grid = base + rng.normal(0.0, 28.0, (cells, cells, 3))
        coarse = Image.fromarray(np.clip(grid, 0, 255).astype(np.uint8))
        field = np.asarray(coarse.resize((half, half), Image.Resampling.BICUBIC), np.float32)
    elif kind == 1:  # linear gradient between two muted colours
        other = _hsv(rng.random(), rng.uniform(0.0, 0.35), rng.uniform(0.2, 0.8))
        angle = rng.uniform(0, 2 * math.pi)
        ramp = (np.cos(angle) * axis[None, :] + np.sin(angle) * axis[:, None]) / (2 * half)
        t = (ramp - ramp.min())[..., None]
        field = base + (other.astype(np.float32) - base) * t
    elif kind == 2:  # soft stripes
        period = rng.uniform(half / 12, half / 4)
        angle = rng.uniform(0, math.pi)
        phase = (np.cos(angle) * axis[None, :] + np.sin(angle) * axis[:, None]) / period
        field = base + 18.0 * np.sin(phase * np.float32(2 * math.pi))[..., None]
    else:  # flat
        field = np.broadcast_to(base, (half, half, 3))
    if rng.random() < 0.5:  # grain
        field = field + rng.normal(0.0, 6.0, (half, half, 1)).astype(np.float32)
    small = Image.fromarray(np.clip(field, 0, 255).astype(np.uint8))
    return np.asarray(small.resize((size, size), Image.Resampling.BILINEAR))


def _polygon(category: int, cx: float, cy: float, radius: float, angle: float) -> list[float]:
    if category == 0:
        sides, start = 48, 0.0
    elif category == 1:
        sides, start = 4, angle + math.pi / 4
    else:
        sides, start = 3, angle - math.pi / 2
    # A square's circumradius is side/sqrt(2); scale so its side spans `radius * 2 * 0.8`.
    r = radius * (0.8 * math.sqrt(2) if category == 1 else 1.0)
    points: list[float] = []
    for k in range(sides):
        a = start + 2 * math.pi * k / sides
        points += [cx + r * math.cos(a), cy + r * math.sin(a)]
    return points


def polygon_of(category: int, cx: float, cy: float, radius: float, angle: float) -> list[float]:
    """The outline of shape ``category`` (0 circle, 1 square, 2 triangle) as x, y, x, y..."""
    return _polygon(category, cx, cy, radius, angle)


def _overlaps_too_much(box: tuple[float, float, float, float], placed: Sequence[_Shape]) -> bool:
    x, y, w, h = box
    for other in placed:
        ox, oy, ow, oh = other.bbox
        iw = min(x + w, ox + ow) - max(x, ox)
        ih = min(y + h, oy + oh) - max(y, oy)
        if iw <= 0 or ih <= 0:
            continue
        inter = iw * ih
        # Modest overlap only: an object hidden behind another would teach a box the
        # model cannot see.
        if inter / (w * h + ow * oh - inter) > 0.2 or inter / (ow * oh) > 0.35:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Raster:
    """A shape's mask in a patch at ``origin`` (x, y), the COCO xywh ``box`` of its pixels,
    and the pixels as booleans."""

    mask: "Image.Image"
    origin: tuple[int, int]
    box: tuple[float, float, float, float]
    pixels: NDArray[np.bool_]


def rasterise(polygon: list[float]) -> Raster | None:
    """The mask of ``polygon`` in a patch around it; ``None`` when it covers no pixel."""
    from PIL import Image, ImageDraw

    # Rasterise in a patch around the shape: integer shifts give the same pixels.
    left, top = int(min(polygon[0::2])) - 1, int(min(polygon[1::2])) - 1
    right, bottom = int(max(polygon[0::2])) + 2, int(max(polygon[1::2])) + 2
    mask = Image.new("L", (right - left, bottom - top), 0)
    shifted = [v - (left if k % 2 == 0 else top) for k, v in enumerate(polygon)]
    ImageDraw.Draw(mask).polygon(shifted, fill=255)
    pixels = np.asarray(mask) > 0
    cols, rows = np.flatnonzero(pixels.any(axis=0)), np.flatnonzero(pixels.any(axis=1))
    if cols.size == 0:
        return None
    box = (
        float(left + cols[0]),
        float(top + rows[0]),
        float(cols[-1] + 1 - cols[0]),
        float(rows[-1] + 1 - rows[0]),
    )
    return Raster(mask, (left, top), box, pixels)


def contrasting_colour(
    rng: np.random.Generator, background_mean: NDArray[np.float64]
) -> NDArray[np.float64]:
    """A saturated colour far (> 110 in RGB) from the background's mean, when one is found."""
    colour = _hsv(rng.random(), 1.0, 1.0)
    for _ in range(_MAX_TRIES):
        colour = _hsv(rng.random(), rng.uniform(0.55, 1.0), rng.uniform(0.5, 1.0))
        if np.linalg.norm(colour - background_mean) > 110:
            break
    return colour


def _draw_image(
    seed: int, split: str, index: int, size: int, num_classes: int
) -> tuple[NDArray[np.uint8], list[_Shape]]:
    from PIL import Image

    rng = np.random.default_rng([seed, _SPLIT_CODES[split], index])
    canvas = _background(rng, size)
    background_mean = canvas.reshape(-1, 3).mean(axis=0)
    image = Image.fromarray(canvas)
    shapes: list[_Shape] = []
    wanted = int(rng.integers(1, 7))
    for _ in range(wanted * _MAX_TRIES):
        if len(shapes) == wanted:
            break
        category = int(rng.integers(0, num_classes))
        radius = rng.uniform(0.04, 0.175) * size
        cx, cy = rng.uniform(radius + 1, size - radius - 1, 2)
        # Squares stay near upright (a 45-degree square is a diamond); triangles turn freely.
        spin = math.pi / 12 if category == 1 else math.pi
        angle = float(rng.uniform(-spin, spin))
        polygon = _polygon(category, float(cx), float(cy), float(radius), angle)
        raster = rasterise(polygon)
        if raster is None:
            continue
        if _overlaps_too_much(raster.box, shapes):
            continue
        colour = contrasting_colour(rng, background_mean)
        image.paste(tuple(int(c) for c in colour), raster.origin, mask=raster.mask)
        area = float(raster.pixels.sum())
        shapes.append(_Shape(category, raster.box, area, [round(v, 2) for v in polygon]))
    return np.asarray(image), shapes


def _write_split(
    out: Path, split: str, count: int, *, size: int, seed: int, workers: int
) -> tuple[Path, Path]:
    from PIL import Image

    folder = out / split
    folder.mkdir(parents=True, exist_ok=True)

    def one(index: int) -> list[_Shape]:
        pixels, shapes = _draw_image(seed, split, index, size, len(SHAPE_CLASSES))
        # Level 1: several times faster to write than the default, files ~20 % larger.
        Image.fromarray(pixels).save(folder / f"{index + 1:06d}.png", compress_level=1)
        return shapes

    if workers > 1 and count > 1:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="plugtrain-synth") as pool:
            drawn = list(pool.map(one, range(count)))
    else:
        drawn = [one(index) for index in range(count)]
    images: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    for index, shapes in enumerate(drawn):
        image_id = index + 1
        images.append(
            {"id": image_id, "file_name": f"{image_id:06d}.png", "width": size, "height": size}
        )
        for shape in shapes:
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": image_id,
                    "category_id": shape.category + 1,
                    "bbox": list(shape.bbox),
                    "area": shape.area,
                    "iscrowd": 0,
                    "segmentation": [shape.polygon],
                }
            )
    document = {
        "info": {"description": f"plugtrain synthetic shapes ({split}, seed {seed})"},
        "images": images,
        "annotations": annotations,
        "categories": [
            {"id": k + 1, "name": name, "supercategory": "shape"}
            for k, name in enumerate(SHAPE_CLASSES)
        ],
    }
    annotation_file = out / f"{split}.json"
    # Written last and renamed into place: a present JSON means a complete split.
    partial = annotation_file.with_suffix(".json.partial")
    partial.write_text(json.dumps(document))
    os.replace(partial, annotation_file)
    return folder, annotation_file


def make_shapes_dataset(
    out: Path | str,
    *,
    num_train: int = 600,
    num_val: int = 150,
    size: int = 320,
    seed: int = 0,
    workers: int | None = None,
) -> ShapesDataset:
    """Write the shapes data set: ``out/train/*.png``, ``out/train.json``, ``out/val/...``.

    Deterministic for a seed (same pixels and boxes, whatever ``workers``). Categories are
    circle (id 1), square (id 2) and triangle (id 3). ``size`` is the side of the square
    images in pixels (at least 32).
    """
    if size < 32:
        raise ArgumentError(
            part="make_shapes_dataset",
            argument="size",
            received=size,
            expected="at least 32 pixels",
            fix=f"size must be at least 32 pixels, got {size}: pass size=32 or more",
        )
    for argument, count in (("num_train", num_train), ("num_val", num_val)):
        if count < 1:
            raise ArgumentError(
                part="make_shapes_dataset",
                argument=argument,
                received=count,
                expected="at least 1 image",
                fix=f"need num_train >= 1 and num_val >= 1, got {num_train} and {num_val}",
            )
    if workers is not None and workers < 1:
        raise ArgumentError(
            part="make_shapes_dataset",
            argument="workers",
            received=workers,
            expected="at least 1 thread, or None for two per core",
            fix="pass workers=None or a positive number",
        )
    root = Path(out)
    threads = workers if workers is not None else default_workers()
    train_images, train_json = _write_split(
        root, "train", num_train, size=size, seed=seed, workers=threads
    )
    val_images, val_json = _write_split(root, "val", num_val, size=size, seed=seed, workers=threads)
    return ShapesDataset(root, train_images, train_json, val_images, val_json)
