"""Harder synthetic sets than the shapes set: more classes (some alike), small and large
objects, clutter, blur and noise, images of several sizes and aspect ratios.

Same format and guarantees as :func:`~plugtrain.data.make_shapes_dataset` (COCO files,
each image from its own random stream, the same set for a seed whatever the thread count),
with the textured backgrounds of the shapes set. What makes it hard, each a
:class:`HardSynthOptions` field:

* classes that look alike: circle / ellipse / hexagon, square / rectangle / diamond,
  triangle / pentagon / star, and a cross (up to :data:`HARD_CLASSES`);
* object sizes drawn log-uniformly between ``min_object`` and ``max_object`` (fractions of
  the image's short side), so a set holds objects of a few pixels and objects filling half
  the image;
* clutter: unlabelled strokes and blobs in object colours (the model must learn shapes,
  not "anything bright");
* a Gaussian blur of random radius up to ``blur`` px and Gaussian noise of up to
  ``noise`` grey levels per image;
* each image's (height, width) drawn from ``image_sizes``.

Torch-free.
"""

import json
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

from plugtrain.data._image_files import default_workers

# The shapes set's drawing helpers, shared rather than copied (one rule each); they stay
# private there so that _synth.py, which other features edit, keeps its names.
from plugtrain.data._synth import (
    ShapesDataset,
    _background,  # pyright: ignore[reportPrivateUsage]  # see above
    _hsv,  # pyright: ignore[reportPrivateUsage]  # see above
    _overlaps_too_much,  # pyright: ignore[reportPrivateUsage]  # see above
    _Shape,  # pyright: ignore[reportPrivateUsage]  # see above
)
from plugtrain.errors import ArgumentError

if TYPE_CHECKING:
    from PIL import ImageDraw

__all__ = [
    "HARD_CLASSES",
    "HardSynthOptions",
    "make_hard_dataset",
    "parse_image_sizes",
    "parse_object_sizes",
]

HARD_CLASSES: Final = (
    "circle",
    "ellipse",
    "hexagon",
    "square",
    "rectangle",
    "diamond",
    "triangle",
    "pentagon",
    "star",
    "cross",
)
"""The classes, in category-id order; the first ``num_classes`` are drawn."""

_SPLIT_CODES: Final = {"train": 11, "val": 12}
_MAX_TRIES: Final = 30


@dataclass(frozen=True, slots=True)
class HardSynthOptions:
    """What makes the set hard (see the module docstring); defaults: a hard set."""

    num_classes: int = 8
    min_object: float = 0.04
    max_object: float = 0.5
    max_objects: int = 10
    clutter: int = 6
    blur: float = 1.5
    noise: float = 12.0
    image_sizes: tuple[tuple[int, int], ...] = field(
        default_factory=lambda: ((240, 320), (320, 320), (320, 240), (288, 480))
    )

    def check(self) -> None:
        """``ArgumentError`` naming the first option out of range."""
        problems = (
            (
                "num_classes",
                1 <= self.num_classes <= len(HARD_CLASSES),
                f"1 to {len(HARD_CLASSES)}",
            ),
            ("min_object", 0 < self.min_object <= self.max_object, "in (0, max_object]"),
            ("max_object", 0 < self.max_object <= 0.9, "in (0, 0.9] of the short side"),
            ("max_objects", self.max_objects >= 1, "at least 1"),
            ("clutter", self.clutter >= 0, "0 or more strokes and blobs"),
            ("blur", self.blur >= 0, "a radius >= 0 px"),
            ("noise", self.noise >= 0, "a standard deviation >= 0 grey levels"),
            (
                "image_sizes",
                bool(self.image_sizes) and all(min(s) >= 32 for s in self.image_sizes),
                "one or more (height, width), each side at least 32 px",
            ),
        )
        for argument, ok, expected in problems:
            if not ok:
                raise ArgumentError(
                    part="make_hard_dataset",
                    argument=argument,
                    received=getattr(self, argument),
                    expected=expected,
                    fix=f"pass {argument} {expected}",
                )


_REGULAR: Final = {"circle": 40, "hexagon": 6, "pentagon": 5, "triangle": 3}
_UPRIGHT: Final = 0.15
"""Squares, diamonds and crosses turn a little only (a square at 45 degrees is a diamond)."""


def _outline(name: str, radius: float, elongation: float) -> list[tuple[float, float]]:
    """The outline of class ``name`` around the origin, unrotated."""
    if name in _REGULAR:
        count = _REGULAR[name]
        offset = -math.pi / 2 if name == "triangle" else 0.0
        angles = [offset + 2 * math.pi * k / count for k in range(count)]
        return [(radius * math.cos(a), radius * math.sin(a)) for a in angles]
    if name == "ellipse":  # elongation >= 1.5 keeps it apart from the circle
        angles = [2 * math.pi * k / 40 for k in range(40)]
        return [(radius * math.cos(a), radius / elongation * math.sin(a)) for a in angles]
    if name in ("square", "rectangle"):
        half_w = radius * 0.8
        half_h = half_w / (elongation if name == "rectangle" else 1.0)
        return [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
    if name == "diamond":
        return [(0.0, -radius), (radius * 0.7, 0.0), (0.0, radius), (-radius * 0.7, 0.0)]
    if name == "star":
        radii = [radius if k % 2 == 0 else radius * 0.45 for k in range(10)]
        return [
            (
                r * math.cos(-math.pi / 2 + math.pi * k / 5),
                r * math.sin(-math.pi / 2 + math.pi * k / 5),
            )
            for k, r in enumerate(radii)
        ]
    a, b = radius, radius * 0.33  # cross
    return [
        (-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b),
        (b, a), (-b, a), (-b, b), (-a, b), (-a, -b), (-b, -b),
    ]  # fmt: skip


def _points(
    name: str, cx: float, cy: float, radius: float, angle: float, elongation: float
) -> list[tuple[float, float]]:
    """The outline of class ``name`` around (cx, cy), turned by ``angle`` (a little only
    for the classes that a full turn would make look like another)."""
    if name in ("square", "diamond", "cross", "star"):
        angle *= _UPRIGHT
    cos, sin = math.cos(angle), math.sin(angle)
    return [
        (cx + x * cos - y * sin, cy + x * sin + y * cos)
        for x, y in _outline(name, radius, elongation)
    ]


def _clutter(
    rng: np.random.Generator, draw: "ImageDraw.ImageDraw", size: tuple[int, int], count: int
) -> None:
    """``count`` unlabelled strokes and blobs in object-like colours."""
    height, width = size
    for _ in range(count):
        hsv = _hsv(rng.random(), rng.uniform(0.4, 1.0), rng.uniform(0.4, 1.0))
        colour = (int(hsv[0]), int(hsv[1]), int(hsv[2]))
        if rng.random() < 0.6:  # a stroke: a polyline of a few segments
            points = [(float(rng.uniform(0, width)), float(rng.uniform(0, height)))]
            for _ in range(int(rng.integers(1, 4))):
                x, y = points[-1]
                step = rng.uniform(0.05, 0.25) * min(size)
                turn = rng.uniform(0, 2 * math.pi)
                points.append((x + step * math.cos(turn), y + step * math.sin(turn)))
            draw.line(points, fill=colour, width=int(rng.integers(1, 4)))
        else:  # a small irregular blob, no class's outline
            cx, cy = rng.uniform(0, width), rng.uniform(0, height)
            r = rng.uniform(0.01, 0.04) * min(size)
            blob: list[tuple[float, float]] = []
            for k in range(7):
                a, reach = 2 * math.pi * k / 7, r * rng.uniform(0.5, 1.5)
                blob.append((float(cx + reach * math.cos(a)), float(cy + reach * math.sin(a))))
            draw.polygon(blob, fill=colour)


def _draw(
    seed: int, split: str, index: int, options: HardSynthOptions
) -> tuple[NDArray[np.uint8], list[_Shape], tuple[int, int]]:
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng([seed, _SPLIT_CODES[split], index])
    height, width = options.image_sizes[int(rng.integers(0, len(options.image_sizes)))]
    square = _background(rng, max(height, width))
    canvas = np.ascontiguousarray(square[:height, :width])
    background_mean = canvas.reshape(-1, 3).mean(axis=0)
    image = Image.fromarray(canvas)
    draw = ImageDraw.Draw(image)
    _clutter(rng, draw, (height, width), int(rng.integers(0, options.clutter + 1)))
    names = HARD_CLASSES[: options.num_classes]
    shapes: list[_Shape] = []
    wanted = int(rng.integers(1, options.max_objects + 1))
    short = min(height, width)
    low, high = math.log(options.min_object), math.log(options.max_object)
    for _ in range(wanted * _MAX_TRIES):
        if len(shapes) == wanted:
            break
        category = int(rng.integers(0, len(names)))
        radius = math.exp(rng.uniform(low, high)) * short / 2
        if not 2 * radius + 4 < short:
            continue
        cx = float(rng.uniform(radius + 2, width - radius - 2))
        cy = float(rng.uniform(radius + 2, height - radius - 2))
        turn, elongation = float(rng.uniform(-math.pi, math.pi)), float(rng.uniform(1.5, 2.2))
        outline = _points(names[category], cx, cy, radius, turn, elongation)
        xs, ys = [p[0] for p in outline], [p[1] for p in outline]
        left, top = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
        right, bottom = min(width, math.ceil(max(xs)) + 1), min(height, math.ceil(max(ys)) + 1)
        mask = Image.new("L", (width, height), 0)
        ImageDraw.Draw(mask).polygon(outline, fill=255)
        pixels = np.asarray(mask)[top:bottom, left:right] > 0
        cols, rows = np.flatnonzero(pixels.any(axis=0)), np.flatnonzero(pixels.any(axis=1))
        if cols.size < 2 or rows.size < 2:
            continue
        box = (
            float(left + cols[0]),
            float(top + rows[0]),
            float(cols[-1] + 1 - cols[0]),
            float(rows[-1] + 1 - rows[0]),
        )
        if _overlaps_too_much(box, shapes):
            continue
        colour = _hsv(rng.random(), 1.0, 1.0)
        for _ in range(_MAX_TRIES):
            colour = _hsv(rng.random(), rng.uniform(0.45, 1.0), rng.uniform(0.45, 1.0))
            if np.linalg.norm(colour - background_mean) > 90:
                break
        image.paste(tuple(int(c) for c in colour), (0, 0), mask=mask)
        polygon = [round(v, 2) for point in outline for v in point]
        shapes.append(_Shape(category, box, float(pixels.sum()), polygon))
    if options.blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0, options.blur))))
    pixels_out = np.asarray(image, dtype=np.float32)
    if options.noise > 0:
        sigma = float(rng.uniform(0, options.noise))
        pixels_out = pixels_out + rng.normal(0.0, sigma, pixels_out.shape).astype(np.float32)
    return np.clip(pixels_out, 0, 255).astype(np.uint8), shapes, (height, width)


def _write_split(
    out: Path, split: str, count: int, *, options: HardSynthOptions, seed: int, workers: int
) -> tuple[Path, Path]:
    from PIL import Image

    folder = out / split
    folder.mkdir(parents=True, exist_ok=True)

    def one(index: int) -> tuple[list[_Shape], tuple[int, int]]:
        pixels, shapes, size = _draw(seed, split, index, options)
        Image.fromarray(pixels).save(folder / f"{index + 1:06d}.png", compress_level=1)
        return shapes, size

    if workers > 1 and count > 1:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="plugtrain-synth") as pool:
            drawn = list(pool.map(one, range(count)))
    else:
        drawn = [one(index) for index in range(count)]
    images: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    for index, (shapes, (height, width)) in enumerate(drawn):
        image_id = index + 1
        images.append(
            {"id": image_id, "file_name": f"{image_id:06d}.png", "width": width, "height": height}
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
        "info": {"description": f"plugtrain hard synthetic shapes ({split}, seed {seed})"},
        "images": images,
        "annotations": annotations,
        "categories": [
            {"id": k + 1, "name": name, "supercategory": "shape"}
            for k, name in enumerate(HARD_CLASSES[: options.num_classes])
        ],
    }
    annotation_file = out / f"{split}.json"
    partial = annotation_file.with_suffix(".json.partial")
    partial.write_text(json.dumps(document))
    os.replace(partial, annotation_file)
    return folder, annotation_file


def make_hard_dataset(
    out: Path | str,
    *,
    num_train: int = 600,
    num_val: int = 150,
    options: HardSynthOptions | None = None,
    seed: int = 0,
    workers: int | None = None,
) -> ShapesDataset:
    """Write a hard synthetic set (``out/train/*.png``, ``out/train.json``, ``out/val/...``).

    Deterministic for a seed and ``options``, whatever ``workers``."""
    chosen = options or HardSynthOptions()
    chosen.check()
    for argument, count in (("num_train", num_train), ("num_val", num_val)):
        if count < 1:
            raise ArgumentError(
                part="make_hard_dataset",
                argument=argument,
                received=count,
                expected="at least 1 image",
                fix=f"need num_train >= 1 and num_val >= 1, got {num_train} and {num_val}",
            )
    root = Path(out)
    threads = workers if workers is not None and workers >= 1 else default_workers()
    train = _write_split(root, "train", num_train, options=chosen, seed=seed, workers=threads)
    val = _write_split(root, "val", num_val, options=chosen, seed=seed, workers=threads)
    return ShapesDataset(root, train[0], train[1], val[0], val[1])


def parse_image_sizes(text: str) -> tuple[tuple[int, int], ...]:
    """``"240x320,320x320"`` (height x width, comma separated) as size tuples;
    ``ArgumentError`` when a part is not HxW with positive integers."""
    sizes: list[tuple[int, int]] = []
    for part in text.split(","):
        pieces = part.strip().lower().split("x")
        if len(pieces) != 2 or not all(p.isdigit() and int(p) > 0 for p in pieces):
            raise ArgumentError(
                part="make_hard_dataset",
                argument="image_sizes",
                received=text,
                expected="HEIGHTxWIDTH sizes separated by commas, e.g. 240x320,320x320",
                fix=f"write {part.strip()!r} as two positive integers joined by x",
            )
        sizes.append((int(pieces[0]), int(pieces[1])))
    return tuple(sizes)


def parse_object_sizes(text: str) -> tuple[float, float]:
    """``"0.04,0.5"`` as (min_object, max_object); ``ArgumentError`` unless two numbers."""
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise ArgumentError(
            part="make_hard_dataset",
            argument="object_sizes",
            received=text,
            expected="MIN,MAX: two fractions of the image's short side, e.g. 0.04,0.5",
            fix="pass two numbers separated by a comma",
        ) from None
    return low, high
