"""ReconstructionHead: a decoder from one pyramid level back to the input image size.

The ``reconstruction`` head of the ``autoencoder`` task: the level (default the coarsest)
has stride ``2**n``; ``n`` stages each double the size (nearest upsampling, then a 3x3
conv-BN-ReLU, which avoids the checkerboard of transposed convolutions), and a last 3x3
conv makes 3 channels. There is no output activation: it remakes *normalised* images,
whose values are not bounded to [0, 1].
"""

from collections.abc import Sequence
from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.ops import Conv2dNormActivation

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.components._codec import Decoder
from plugtrain.components.heads._level import level_index
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["ReconstructionHead", "default_decoder_channels"]

_MIN_CHANNELS: Final = 16


def _stages(stride: int) -> int:
    """``n`` with ``2**n == stride``, or -1 when the stride is no power of two."""
    return stride.bit_length() - 1 if stride > 1 and stride & (stride - 1) == 0 else -1


def default_decoder_channels(latent_channels: int, stride: int) -> tuple[int, ...]:
    """Half the channels of the stage before, never below 16: one width per x2 stage."""
    widths: list[int] = []
    previous = latent_channels
    for _ in range(max(_stages(stride), 0)):
        previous = max(previous // 2, _MIN_CHANNELS)
        widths.append(previous)
    return tuple(widths)


@final
class ReconstructionHead(Decoder):
    """Images ``(batch, 3, height, width)`` from level ``level`` of ``in_spec``.

    ``channels``: the width of each x2 stage, coarsest first, one per factor of two of the
    level's stride (``None``: :func:`default_decoder_channels`).
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        level: str | None = None,
        channels: Sequence[int] | None = None,
    ) -> None:
        super().__init__()
        index = level_index(in_spec, level, consumer="ReconstructionHead")
        chosen = in_spec.levels[index]
        stages = _stages(chosen.stride)
        if stages < 0:
            raise invalid_argument(
                "ReconstructionHead",
                "level",
                received=f"{chosen.name} at stride {chosen.stride}",
                expected="a level whose stride is a power of two (x2 upsampling stages)",
                fix="read a level Ck (stride 2**k), e.g. the default: the last one",
            )
        widths = (
            default_decoder_channels(chosen.channels, chosen.stride)
            if channels is None
            else tuple(channels)
        )
        if len(widths) != stages or not all(is_int(c) and c >= 1 for c in widths):
            raise invalid_argument(
                "ReconstructionHead",
                "channels",
                received=list(widths),
                expected=f"{stages} positive ints, one per x2 stage from stride {chosen.stride} "
                f"of {chosen.name} back to the image",
                fix=f"pass {stages} widths, e.g. "
                f"{list(default_decoder_channels(chosen.channels, chosen.stride))}, or null",
            )
        layers: list[nn.Module] = []
        previous = chosen.channels
        for width in widths:
            layers += [
                nn.Upsample(scale_factor=2.0, mode="nearest"),
                Conv2dNormActivation(previous, width, kernel_size=3),
            ]
            previous = width
        layers.append(nn.Conv2d(previous, 3, kernel_size=3, padding=1))
        self.layers = nn.Sequential(*layers)
        self.level: Final = chosen.name
        self.channels: Final = widths
        self._in_spec: Final = in_spec
        self._latent_channels: Final = chosen.channels
        self._expansion: Final = chosen.stride

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the pyramid whose ``level`` this head decodes."""
        return self._in_spec

    @property
    def latent_channels(self) -> int:
        return self._latent_channels

    @property
    def expansion(self) -> int:
        return self._expansion

    @checked
    def forward(
        self, latent: Float[Tensor, "batch latent_channels latent_h latent_w"]
    ) -> Float[Tensor, "batch 3 height width"]:
        """Normalised images, ``expansion`` times the latent's size."""
        images: Tensor = self.layers(latent)
        return images
