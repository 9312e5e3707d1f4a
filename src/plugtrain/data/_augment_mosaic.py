"""Mosaic: four training images tiled into one (YOLO's mosaic), as a dataset wrapper.

torchvision has no mosaic transform: it needs four samples, so it lives at the dataset
level. The wrapped dataset's own transforms bring each image to one size (the geometric
steps: crop, scale jitter); the mosaic splits that canvas at a random point into four
tiles, fills each with a random window of one image (the box rules of every crop apply),
and hands the result to ``after`` (flips, colour), like a sample that is not a mosaic.
"""

from collections.abc import Sequence
from typing import Protocol, final

import torch
from torch import Tensor
from torch.utils.data import Dataset

from plugtrain.data._augment import crop_with_rules
from plugtrain.data._sample import BoxMapping, Sample
from plugtrain.data._transforms import ImageBoxes, Transform
from plugtrain.errors import DataError

__all__ = ["Mosaic", "SampleSource"]


class SampleSource(Protocol):
    """What a mosaic draws from: a sized, indexable set of samples (a CocoDataset)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> Sample: ...


def _randint(low: int, high: int) -> int:
    """An int in [low, high] from torch's global generator."""
    return int(torch.randint(low, high + 1, ()))


@final
class Mosaic(Dataset[Sample]):
    """With probability ``p`` a sample is a mosaic of image ``index`` and three others
    drawn at random; otherwise image ``index`` alone. ``after`` runs on both.

    The tiles meet at a point drawn uniformly in ``center`` (fractions of each side). All
    images of ``dataset`` must come out at the same size (the training transforms fit
    them to ``data.image_size``). Randomness is torch's global generator, so a seeded
    loader (``EpochSeeded``) repeats every mosaic. A mosaic's mapping is the identity on
    its own canvas: its pixels come from four images, and only evaluation, which never
    builds mosaics, maps boxes back.
    """

    def __init__(
        self,
        dataset: SampleSource,
        *,
        p: float = 0.5,
        center: tuple[float, float] = (0.25, 0.75),
        after: Transform | None = None,
        min_visible: float = 0.0,
        min_box_size: float = 2.0,
    ) -> None:
        if not 0.0 <= p <= 1.0:
            raise DataError(f"Mosaic needs a probability p in [0, 1], got {p}")
        if not 0.0 < center[0] <= center[1] < 1.0:
            raise DataError(f"Mosaic needs 0 < center[0] <= center[1] < 1, got {center}")
        if not 0.0 <= min_visible <= 1.0 or not min_box_size > 0.0:
            raise DataError(
                f"Mosaic needs min_visible in [0, 1] and min_box_size > 0, got "
                f"{min_visible} and {min_box_size}"
            )
        self.dataset = dataset
        self.p = p
        self.center = center
        self.after = after
        self.min_visible = min_visible
        self.min_box_size = min_box_size

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> Sample:
        first = self.dataset[index]
        item = ImageBoxes.from_sample(first)
        if self.p > 0.0 and float(torch.rand(())) < self.p:
            others = [self.dataset[_randint(0, len(self.dataset) - 1)] for _ in range(3)]
            item = self.tile([first, *others])
        if self.after is not None:
            item = self.after.apply(item)
        return item.to_sample(
            num_classes=first.targets.num_classes,
            image_id=first.image_id,
            file_name=first.file_name,
        )

    def tile(self, samples: Sequence[Sample]) -> ImageBoxes:
        """Four samples of one size as one image of that size, boxes moved to their tile."""
        sizes = {s.targets.image_size for s in samples}
        if len(samples) != 4 or len(sizes) != 1:
            raise DataError(
                f"a mosaic needs 4 samples of one size, got {len(samples)} of sizes "
                f"{sorted(sizes)}; fit every image to one size first (data.image_size)"
            )
        height, width = sizes.pop()
        cy = round(height * (self.center[0] + (self.center[1] - self.center[0]) * _unit()))
        cx = round(width * (self.center[0] + (self.center[1] - self.center[0]) * _unit()))
        cy, cx = min(max(cy, 1), height - 1), min(max(cx, 1), width - 1)
        canvas = torch.zeros(3, height, width, dtype=samples[0].image.dtype)
        boxes: list[Tensor] = []
        labels: list[Tensor] = []
        tiles = ((0, 0, cy, cx), (0, cx, cy, width), (cy, 0, height, cx), (cy, cx, height, width))
        for sample, (top, left, bottom, right) in zip(samples, tiles, strict=True):
            tile_h, tile_w = bottom - top, right - left
            window = crop_with_rules(
                ImageBoxes.from_sample(sample),
                top=_randint(0, height - tile_h),
                left=_randint(0, width - tile_w),
                height=tile_h,
                width=tile_w,
                min_visible=self.min_visible,
                min_box_size=self.min_box_size,
            )
            canvas[:, top:bottom, left:right] = window.image
            shift = torch.tensor([left, top, left, top], dtype=window.boxes.dtype)
            boxes.append(window.boxes + shift)
            labels.append(window.labels)
        return ImageBoxes(
            image=canvas,
            boxes=torch.cat(boxes),
            labels=torch.cat(labels),
            mapping=BoxMapping(original_size=(height, width)),
        )

    def __repr__(self) -> str:
        return f"Mosaic(p={self.p}, center={self.center}, after={self.after!r})"


def _unit() -> float:
    return float(torch.rand(()))
