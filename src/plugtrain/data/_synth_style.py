"""Visual styles of the synthetic shapes: the source look and a shifted target domain.

``source`` is the look ``make_shapes_dataset`` always had. ``target`` is the same scene
through another camera: the colours are inverted and washed with an orange cast (the
contrast halves), the image is softened and grainy. Every outline survives (the change is
the same for every pixel before the blur and grain), so the shapes stay recognisable;
but colours, contrast polarity, brightness and noise all shift, which is what a
classifier trained on the source look alone stumbles over. Torch-free.
"""

from typing import Final

import numpy as np
from numpy.typing import NDArray

from plugtrain._synth_styles import SynthStyle

__all__ = ["SynthStyle", "apply_style"]

_CAST: Final = (240.0, 150.0, 60.0)
"""The orange the target look is washed with (RGB)."""
_WASH: Final = 0.45
"""The share of the cast in each target pixel; the rest is the inverted image."""
_GRAIN: Final = 8.0
"""Standard deviation of the grain, in 0-255 levels."""


def apply_style(
    pixels: NDArray[np.uint8], style: SynthStyle, rng: np.random.Generator
) -> NDArray[np.uint8]:
    """``pixels`` (height, width, 3) drawn in ``style``; ``source`` returns them unchanged.

    ``rng`` draws the grain, so a fixed stream gives the same image.
    """
    if style is SynthStyle.source:
        return pixels
    from PIL import Image, ImageFilter

    height, width = pixels.shape[:2]
    cast = np.array(_CAST, dtype=np.float32)
    washed = (1.0 - _WASH) * (255.0 - pixels.astype(np.float32)) + _WASH * cast
    soft = Image.fromarray(np.clip(washed, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(radius=max(height, width) / 160)
    )
    grain = rng.normal(0.0, _GRAIN, (height, width, 1)).astype(np.float32)
    noisy = np.asarray(soft, dtype=np.float32) + grain
    styled: NDArray[np.uint8] = np.clip(noisy, 0, 255).astype(np.uint8)
    return styled
