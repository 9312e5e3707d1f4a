"""Batches of the setups that learn from images without labels."""

from dataclasses import dataclass

from jaxtyping import Float
from torch import Tensor

__all__ = ["UnlabeledBatch"]


@dataclass(frozen=True)
class UnlabeledBatch:
    """Images only (``format: images`` sets): normalised, ``(batch, 3, height, width)``."""

    images: Float[Tensor, "batch 3 height width"]
