"""What ``plugtrain suggest`` reads from a COCO set before choosing anything.

The annotation file goes through plugtrain's one COCO parser (:func:`plugtrain.io.parse_coco`,
the rules training reads it with); no image is opened. A set with any problem is refused
here, as ``plugtrain train`` (strict) would refuse it, with the first problem and the
command that lists all of them. Torch-free.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plugtrain.errors import DataError
from plugtrain.io import TRAINING, parse_coco

__all__ = ["BoxStats", "DataProfile", "percentile", "profile_coco"]

_BOX_TOLERANCE: Final = 0.5  # pixels past the border, as the data check and training allow


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) of ``values``, linearly interpolated (numpy's
    default); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True, slots=True)
class BoxStats:
    """Box sizes in pixels of the original images: ``short`` = min(width, height),
    ``long`` = max(width, height), ``aspect`` = height / width; one entry per box."""

    short: tuple[float, ...]
    long: tuple[float, ...]
    aspect: tuple[float, ...]
    image: tuple[tuple[int, int], ...]
    """(height, width) of each box's image."""

    def fit(self, image_size: tuple[int, int]) -> list[float]:
        """Each box's resize factor when its image is letterboxed to ``image_size``
        (height, width): min(H / h, W / w), as training's resize and the evaluation's
        letterbox compute it."""
        out_h, out_w = image_size
        return [min(out_h / h, out_w / w) for h, w in self.image]


@dataclass(frozen=True, slots=True)
class DataProfile:
    """The statistics the rules read: image sizes (height, width), boxes, objects per image
    and class balance (boxes per class name, in category-id order)."""

    annotations: str
    num_images: int
    image_sizes: tuple[tuple[int, int], ...]
    boxes: BoxStats
    class_boxes: tuple[tuple[str, int], ...]
    objects_per_image: tuple[int, ...]

    @property
    def num_boxes(self) -> int:
        return len(self.boxes.short)

    @property
    def num_classes(self) -> int:
        return len(self.class_boxes)

    @property
    def class_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.class_boxes)

    def resized_short_sides(self, image_size: tuple[int, int]) -> list[float]:
        """Every box's short side in pixels after letterboxing to ``image_size`` (h, w)."""
        fits = self.boxes.fit(image_size)
        return [side * k for side, k in zip(self.boxes.short, fits, strict=True)]

    def resized_long_sides(self, image_size: tuple[int, int]) -> list[float]:
        """Every box's long side in pixels after letterboxing to ``image_size`` (h, w)."""
        fits = self.boxes.fit(image_size)
        return [side * k for side, k in zip(self.boxes.long, fits, strict=True)]


def profile_coco(images: Path | str, annotations: Path | str) -> DataProfile:
    """Read the statistics of the COCO set ``annotations`` (images in ``images``).

    ``DataError`` when the folder is missing, the file cannot be parsed, it has no boxes,
    or any record has a problem (run ``plugtrain data check`` to see them all).
    """
    images_dir = Path(images)
    if not images_dir.is_dir():
        raise DataError(
            f"the images folder {images_dir} does not exist; pass the folder holding the "
            f"files named by file_name with --images",
            file=str(images_dir),
        )
    parsed = parse_coco(annotations, images_dir, box_tolerance=_BOX_TOLERANCE, rules=TRAINING)
    if parsed.problems:
        first = parsed.problems[0]
        raise DataError(
            f"the data set has {len(parsed.problems)} problem(s), the first [{first.code}]: "
            f"{first.message}; training reads it strictly and would refuse it: run "
            f"`plugtrain data check --images {images_dir} --annotations {annotations}` "
            f"for the full list",
            file=str(annotations),
        )
    names = dict(parsed.categories)
    sizes = {r.image_id: (r.height, r.width) for r in parsed.images}
    short: list[float] = []
    long: list[float] = []
    aspect: list[float] = []
    image: list[tuple[int, int]] = []
    per_class: Counter[str] = Counter()
    per_image: Counter[int] = Counter()
    for record in parsed.annotations:
        if record.iscrowd:  # kept out of the targets by the reader too
            continue
        _, _, width, height = record.bbox
        short.append(min(width, height))
        long.append(max(width, height))
        aspect.append(height / width)
        image.append(sizes[record.image_id])
        per_class[names[record.category_id]] += 1
        per_image[record.image_id] += 1
    if not short:
        raise DataError(
            "the data set has no boxes (every annotation is a crowd region, or there are "
            "none); a detector needs boxed objects to learn from",
            file=str(annotations),
        )
    return DataProfile(
        annotations=str(annotations),
        num_images=len(parsed.images),
        image_sizes=tuple(sizes[r.image_id] for r in parsed.images),
        boxes=BoxStats(
            short=tuple(short), long=tuple(long), aspect=tuple(aspect), image=tuple(image)
        ),
        class_boxes=tuple((name, per_class[name]) for _, name in sorted(parsed.categories)),
        objects_per_image=tuple(per_image[r.image_id] for r in parsed.images),
    )
