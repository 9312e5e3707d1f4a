"""The interfaces of auto-encoder parts: an Encoder makes a latent map, a Decoder remakes
images from it.

They live with the other part interfaces so a head (the ``reconstruction`` decoder) can
implement one; ``plugtrain.models.AutoEncoder`` wires a pair together.
"""

from abc import ABC, abstractmethod

from jaxtyping import Float
from torch import Tensor, nn

__all__ = ["Decoder", "Encoder"]


class Encoder(nn.Module, ABC):
    """Images in, a latent feature map out (``reduction`` times smaller on each side)."""

    @property
    @abstractmethod
    def latent_channels(self) -> int:
        """Channels of the latent map."""

    @property
    @abstractmethod
    def reduction(self) -> int:
        """How many times smaller the latent is than the image, per side."""

    @abstractmethod
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch latent_channels latent_h latent_w"]:
        """The latent map of a batch of images."""


class Decoder(nn.Module, ABC):
    """A latent feature map in, images out (``expansion`` times larger on each side)."""

    @property
    @abstractmethod
    def latent_channels(self) -> int:
        """Channels of the latent map it takes."""

    @property
    @abstractmethod
    def expansion(self) -> int:
        """How many times larger the output is than the latent, per side."""

    @abstractmethod
    def forward(
        self, latent: Float[Tensor, "batch latent_channels latent_h latent_w"]
    ) -> Float[Tensor, "batch 3 height width"]:
        """Images remade from latent maps."""
