"""``inspect_coco``: class counts, a box-size histogram and a PNG grid of boxed samples."""

import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import torch
from torchvision.utils import draw_bounding_boxes, make_grid

from plugtrain._tensors import float_list, int_list
from plugtrain.data._dataset import CocoDataset
from plugtrain.data._transforms import Letterbox

__all__ = ["DataStats", "inspect_coco"]

# Box size as sqrt(area) in pixels; 32 and 96 are COCO's small/medium/large limits.
SIZE_BINS: Final = (0.0, 8.0, 16.0, 32.0, 64.0, 96.0, 128.0, 256.0, math.inf)
_PALETTE: Final = (
    (230, 25, 75),
    (60, 180, 75),
    (255, 225, 25),
    (0, 130, 200),
    (245, 130, 48),
    (145, 30, 180),
    (70, 240, 240),
    (240, 50, 230),
)


@dataclass(frozen=True, slots=True)
class DataStats:
    """What ``plugtrain data inspect`` shows: per-class counts and box sizes."""

    num_images: int
    num_boxes: int
    class_boxes: dict[str, int]
    class_images: dict[str, int]
    size_histogram: tuple[tuple[str, int], ...]
    skipped_images: int
    grid: Path | None

    def to_text(self) -> str:
        lines = [
            f"{self.num_images} images, {self.num_boxes} boxes"
            + (
                f" ({self.skipped_images} images skipped: see `plugtrain data check`)"
                if self.skipped_images
                else ""
            ),
            "",
            f"{'class':<24}{'boxes':>8}{'images':>8}",
        ]
        for name, count in self.class_boxes.items():
            lines.append(f"{name:<24}{count:>8}{self.class_images[name]:>8}")
        lines += ["", "box size sqrt(w*h) px   boxes"]
        peak = max((c for _, c in self.size_histogram), default=0) or 1
        for label, count in self.size_histogram:
            bar = "#" * round(30 * count / peak)
            lines.append(f"{label:<22}{count:>7}  {bar}")
        if self.grid is not None:
            lines += ["", f"sample grid: {self.grid}"]
        return "\n".join(lines)


def _bin_label(low: float, high: float) -> str:
    return f"{low:g}+" if math.isinf(high) else f"{low:g}-{high:g}"


def inspect_coco(
    images: Path | str,
    annotations: Path | str,
    *,
    out: Path | str | None = None,
    num_samples: int = 16,
    tile: int = 256,
    seed: int = 0,
) -> DataStats:
    """Statistics of a COCO set (bad records skipped, as in lenient mode) and, with ``out``,
    ``out/samples.png``: ``num_samples`` random images (letterboxed to ``tile`` px) with
    their boxes and class names drawn."""
    dataset = CocoDataset(images, annotations, mode="lenient", transforms=Letterbox((tile, tile)))
    names = dataset.category_names
    class_boxes = dict.fromkeys(names, 0)
    class_images = dict.fromkeys(names, 0)
    sides: list[float] = []
    for _, boxes, label_tensor in dataset.boxes():
        labels = int_list(label_tensor)
        for label in labels:
            class_boxes[names[label]] += 1
        for label in set(labels):
            class_images[names[label]] += 1
        widths = boxes[:, 2] - boxes[:, 0]
        heights = boxes[:, 3] - boxes[:, 1]
        sides += float_list((widths * heights).clamp(min=0).sqrt())
    histogram = tuple(
        (_bin_label(low, high), sum(1 for s in sides if low <= s < high))
        for low, high in itertools.pairwise(SIZE_BINS)
    )
    grid: Path | None = None
    if out is not None:
        grid = Path(out) / "samples.png"
        _write_grid(dataset, grid, num_samples=num_samples, seed=seed)
    return DataStats(
        num_images=len(dataset),
        num_boxes=len(sides),
        class_boxes=class_boxes,
        class_images=class_images,
        size_histogram=histogram,
        skipped_images=dataset.skipped_images,
        grid=grid,
    )


def _write_grid(dataset: CocoDataset, path: Path, *, num_samples: int, seed: int) -> None:
    from PIL import Image

    generator = torch.Generator().manual_seed(seed)
    count = max(1, min(num_samples, len(dataset)))
    picks = torch.randperm(len(dataset), generator=generator)[:count]
    tiles: list[torch.Tensor] = []
    names = dataset.category_names
    for index in picks:
        sample = dataset[int(index)]
        pixels = (sample.image * 255).round().to(torch.uint8)
        labels = int_list(sample.targets.labels)
        tiles.append(
            draw_bounding_boxes(
                pixels,
                sample.targets.boxes,
                labels=[names[k] for k in labels],
                colors=[_PALETTE[k % len(_PALETTE)] for k in labels],
                width=2,
            )
        )
    grid = make_grid(tiles, nrow=math.ceil(math.sqrt(len(tiles))), padding=4, pad_value=255)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(grid.permute(1, 2, 0).contiguous().numpy()).save(path)
