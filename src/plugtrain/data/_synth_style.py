"""Visual styles of the synthetic shapes: the source look and a shifted target domain.

``source`` is the look ``make_shapes_dataset`` always had. ``target`` is the same scene
seen through another camera, the way MNIST-M shifts MNIST (Ganin & Lempitsky, 2015): every
pixel becomes its absolute difference with a colourful texture, the colours are inverted,
and the result is softened and grainy. Shapes keep their outlines (the blend keeps every
edge where the shape's colour differs from the background's), but colours, contrast
polarity and texture statistics all change, which is what a classifier trained on the
source look alone stumbles over. Torch-free.
"""

from enum import StrEnum
from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["SynthStyle", "apply_style"]

_TEXTURE_CELLS: Final = (3, 9)
_GRAIN: Final = 14.0


class SynthStyle(StrEnum):
    """The visual domain of a synthetic image."""

    source = "source"
    """The original look: muted backgrounds, saturated shapes."""
    target = "target"
    """The shifted look: texture-blended, inverted, blurred and grainy."""


def _texture(rng: np.random.Generator, size: int) -> NDArray[np.float32]:
    """A (size, size, 3) colourful field: a coarse random colour grid, upsampled smoothly."""
    from PIL import Image

    cells = int(rng.integers(*_TEXTURE_CELLS))
    grid = rng.uniform(0.0, 255.0, (cells, cells, 3)).astype(np.uint8)
    field = Image.fromarray(grid).resize((size, size), Image.Resampling.BICUBIC)
    return np.asarray(field, dtype=np.float32)


def apply_style(
    pixels: NDArray[np.uint8], style: SynthStyle, rng: np.random.Generator
) -> NDArray[np.uint8]:
    """``pixels`` (height, width, 3) drawn in ``style``; ``source`` returns them unchanged.

    ``rng`` draws the texture and grain, so a fixed stream gives the same image.
    """
    if style is SynthStyle.source:
        return pixels
    from PIL import Image, ImageFilter

    height, width = pixels.shape[:2]
    texture = _texture(rng, max(height, width))[:height, :width]
    blended = 255.0 - np.abs(pixels.astype(np.float32) - texture)
    soft = Image.fromarray(np.clip(blended, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(radius=max(height, width) / 160)
    )
    grain = rng.normal(0.0, _GRAIN, (height, width, 1)).astype(np.float32)
    noisy = np.asarray(soft, dtype=np.float32) + grain
    styled: NDArray[np.uint8] = np.clip(noisy, 0, 255).astype(np.uint8)
    return styled
