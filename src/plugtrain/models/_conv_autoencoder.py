"""ConvEncoder / ConvDecoder: a small convolutional pair for AutoEncoder."""

from collections.abc import Sequence
from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.ops import Conv2dNormActivation

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.models._autoencoder import Decoder, Encoder
from plugtrain.typing import checked

__all__ = ["ConvDecoder", "ConvEncoder"]


def _check(part: str, channels: Sequence[int], latent_channels: int) -> tuple[int, ...]:
    values = tuple(channels)
    if not values or not all(is_int(c) and c >= 1 for c in values):
        raise invalid_argument(
            part,
            "channels",
            received=values,
            expected="one positive int per stride-2 stage",
            fix="pass e.g. channels=(16, 32)",
        )
    if not is_int(latent_channels) or latent_channels < 1:
        raise invalid_argument(
            part,
            "latent_channels",
            received=latent_channels,
            expected="a positive int",
            fix="pass e.g. latent_channels=8",
        )
    return values


@final
class ConvEncoder(Encoder):
    """One 3x3 stride-2 conv-BN-ReLU per entry of ``channels``, then a 1x1 conv to the latent."""

    def __init__(self, *, channels: Sequence[int] = (16, 32), latent_channels: int = 8) -> None:
        super().__init__()
        widths = _check("ConvEncoder", channels, latent_channels)
        layers: list[nn.Module] = []
        previous = 3
        for width in widths:
            layers.append(Conv2dNormActivation(previous, width, kernel_size=3, stride=2))
            previous = width
        layers.append(nn.Conv2d(previous, latent_channels, kernel_size=1))
        self.layers = nn.Sequential(*layers)
        self._latent_channels: Final = latent_channels
        self._reduction: Final[int] = 2 ** len(widths)

    @property
    def latent_channels(self) -> int:
        return self._latent_channels

    @property
    def reduction(self) -> int:
        return self._reduction

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch latent_channels latent_h latent_w"]:
        latent: Tensor = self.layers(images)
        return latent


@final
class ConvDecoder(Decoder):
    """One stride-2 transposed conv-BN-ReLU per entry of ``channels``, then a 3x3 conv to RGB
    and a sigmoid (images in [0, 1])."""

    def __init__(self, *, latent_channels: int = 8, channels: Sequence[int] = (32, 16)) -> None:
        super().__init__()
        widths = _check("ConvDecoder", channels, latent_channels)
        layers: list[nn.Module] = []
        previous = latent_channels
        for width in widths:
            layers += [
                nn.ConvTranspose2d(previous, width, kernel_size=4, stride=2, padding=1, bias=False),
                nn.BatchNorm2d(width),
                nn.ReLU(inplace=True),
            ]
            previous = width
        layers += [nn.Conv2d(previous, 3, kernel_size=3, padding=1), nn.Sigmoid()]
        self.layers = nn.Sequential(*layers)
        self._latent_channels: Final = latent_channels
        self._expansion: Final[int] = 2 ** len(widths)

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
        images: Tensor = self.layers(latent)
        return images
