"""Anchors of a batch: torchvision's ``AnchorGenerator``, computed once per layout.

All images of a padded batch share one set of anchors, so they are made once per
(feature-map sizes, padded image size, dtype, device) and reused: a detector that sees
images of one size makes its anchors once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, final

import torch
from jaxtyping import Float
from torch import Tensor
from torchvision.models.detection.anchor_utils import AnchorGenerator

from plugtrain.typing import checked_dataclass

__all__ = ["AnchorGrid", "AnchorSet"]

_CACHE_SIZE: Final = 16

_Key = tuple[tuple[tuple[int, int], ...], tuple[int, int], torch.dtype, torch.device]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class AnchorSet:
    """The anchors of every level of a padded batch, finest level first.

    ``boxes``: (anchors, 4) xyxy in pixels of the padded batch; level ``i`` holds
    ``per_level[i]`` of them, location by location (row-major), ``anchors_per_location``
    at each. Shared by every image of the batch; treat as read-only (it is cached).
    """

    boxes: Float[Tensor, "anchors 4"]
    per_level: tuple[int, ...]

    def levels(self) -> tuple[Tensor, ...]:
        """The boxes of each level (views, no copy)."""
        return torch.split(self.boxes, list(self.per_level))


@final
class AnchorGrid:
    """Anchors of given sizes and aspect ratios (height / width) per level.

    Uses torchvision's ``AnchorGenerator`` unchanged: zero-centred base anchors rounded to
    whole pixels, shifted to ``(x * stride_w, y * stride_h)`` for every grid cell, with the
    stride of a level taken as ``padded_size // grid_size`` (as torchvision does, so that
    results equal torchvision's detectors).
    """

    def __init__(
        self, *, sizes: Sequence[Sequence[int]], aspect_ratios: Sequence[Sequence[float]]
    ) -> None:
        self.sizes: Final = tuple(tuple(int(s) for s in level) for level in sizes)
        self.aspect_ratios: Final = tuple(tuple(float(a) for a in level) for level in aspect_ratios)
        self._generator: Final = AnchorGenerator(self.sizes, self.aspect_ratios)
        self._cache: dict[_Key, AnchorSet] = {}

    @property
    def anchors_per_location(self) -> tuple[int, ...]:
        """Anchors at each grid cell, per level (sizes x aspect ratios)."""
        return tuple(len(s) * len(a) for s, a in zip(self.sizes, self.aspect_ratios, strict=True))

    def __call__(
        self,
        *,
        grid_sizes: Sequence[tuple[int, int]],
        image_size: tuple[int, int],
        dtype: torch.dtype,
        device: torch.device,
    ) -> AnchorSet:
        """The anchors for feature maps of ``grid_sizes`` over a padded batch of ``image_size``.

        ``grid_sizes`` and ``image_size`` are (height, width).
        """
        key: _Key = (tuple(grid_sizes), image_size, dtype, device)
        found = self._cache.get(key)
        if found is not None:
            return found
        height, width = image_size
        strides = [
            [
                torch.tensor(height // grid_h, dtype=torch.int64, device=device),
                torch.tensor(width // grid_w, dtype=torch.int64, device=device),
            ]
            for grid_h, grid_w in grid_sizes
        ]
        self._generator.set_cell_anchors(dtype, device)
        levels = self._generator.grid_anchors([[h, w] for h, w in grid_sizes], strides)
        anchors = AnchorSet(
            boxes=torch.cat(levels).to(dtype), per_level=tuple(len(level) for level in levels)
        )
        if len(self._cache) >= _CACHE_SIZE:
            # Forget the oldest layout (dicts keep insertion order).
            del self._cache[next(iter(self._cache))]
        self._cache[key] = anchors
        return anchors

    def __repr__(self) -> str:
        ratios = self.aspect_ratios
        shown = ratios[0] if all(r == ratios[0] for r in ratios) else ratios
        return f"AnchorGrid(sizes={self.sizes}, aspect_ratios={shown})"
