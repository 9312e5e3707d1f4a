"""jaxtyping aliases for the tensors of object detection.

Axis names bind per call: two arguments annotated ``FeatureMap`` must agree on ``batch``,
``channels``, ``height`` and ``width``. Where sizes legitimately differ (pyramid levels,
images of different sizes) annotate each with its own axis names.
"""

from typing import TypeAlias

from jaxtyping import Bool, Float, Int64
from torch import Tensor

__all__ = [
    "Boxes",
    "BoxesBatch",
    "FeatureMap",
    "Image",
    "ImageBatch",
    "Labels",
    "Logits",
    "Mask",
    "MaskBatch",
    "Scores",
]

Image: TypeAlias = Float[Tensor, "3 height width"]
"""One RGB image, channels first, values in [0, 1]."""

ImageBatch: TypeAlias = Float[Tensor, "batch 3 height width"]
"""A batch of RGB images of one size, channels first."""

FeatureMap: TypeAlias = Float[Tensor, "batch channels height width"]
"""A batch of feature maps of one pyramid level."""

Boxes: TypeAlias = Float[Tensor, "num 4"]
"""Boxes as rows of (x1, y1, x2, y2) in absolute pixels."""

BoxesBatch: TypeAlias = Float[Tensor, "batch num 4"]
"""Boxes per image of a batch, (x1, y1, x2, y2) in absolute pixels."""

Scores: TypeAlias = Float[Tensor, " num"]
"""One confidence in [0, 1] per box."""

Labels: TypeAlias = Int64[Tensor, " num"]
"""One 0-based foreground class id per box."""

Logits: TypeAlias = Float[Tensor, "batch classes"]
"""Unnormalised class scores per example."""

Mask: TypeAlias = Bool[Tensor, "height width"]
"""A boolean mask over one image."""

MaskBatch: TypeAlias = Bool[Tensor, "batch height width"]
"""Boolean masks over a batch of images."""
