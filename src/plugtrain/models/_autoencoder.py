"""AutoEncoder from typed parts: an Encoder makes a latent map, a Decoder remakes images
(the interfaces are in ``plugtrain.components``; they are re-exported here).

The latent is ``(batch, latent_channels, latent_h, latent_w)`` with
``latent_h = height / encoder.reduction``; the decoder scales it back by
``decoder.expansion``. Parts that do not fit raise ``CompatibilityError`` at construction.
"""

from typing import Final, Literal, final

import torch.nn.functional as F  # noqa: N812  # torch's conventional alias
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.components import Decoder, Encoder
from plugtrain.errors import CompatibilityError, ShapeError
from plugtrain.structures import LossBreakdown
from plugtrain.typing import checked

__all__ = ["AutoEncoder", "Decoder", "Encoder", "ReconstructionLoss"]

ReconstructionLoss = Literal["mse", "l1"]
"""Pixel error an AutoEncoder is trained on: mean squared or mean absolute."""


def _describe(part: nn.Module, channels: int, factor: int, kind: str) -> str:
    return f"{type(part).__name__}: latent {channels} channels, {kind} {factor}"


@final
class AutoEncoder(nn.Module):
    """``decoder(encoder(images))``, trained to reconstruct its input.

    Image height and width must be multiples of ``encoder.reduction`` so the
    reconstruction has the input's size.
    """

    def __init__(self, *, encoder: Encoder, decoder: Decoder) -> None:
        super().__init__()
        producer = _describe(encoder, encoder.latent_channels, encoder.reduction, "reduction")
        consumer = _describe(decoder, decoder.latent_channels, decoder.expansion, "expansion")
        if encoder.latent_channels != decoder.latent_channels:
            raise CompatibilityError(
                problem=f"the encoder makes {encoder.latent_channels} latent channels, the "
                f"decoder takes {decoder.latent_channels}",
                producer=producer,
                consumer=consumer,
                fix="build both with the same latent_channels",
            )
        if encoder.reduction != decoder.expansion:
            raise CompatibilityError(
                problem=f"the encoder shrinks images {encoder.reduction}x, the decoder grows "
                f"latents {decoder.expansion}x: reconstructions would not have the input's size",
                producer=producer,
                consumer=consumer,
                fix="give the encoder and the decoder the same number of stages",
            )
        self.encoder = encoder
        self.decoder = decoder
        self.latent_channels: Final = encoder.latent_channels
        self.reduction: Final = encoder.reduction

    def _latent_error(self, method: str, argument: str, latent: Tensor) -> ShapeError:
        return ShapeError(
            component=f"AutoEncoder ({type(self.encoder).__name__} -> "
            f"{type(self.decoder).__name__})",
            method=method,
            argument=argument,
            expected=f"(batch, {self.latent_channels}, latent_h, latent_w)",
            actual=f"Tensor shape={tuple(latent.shape)}",
            bindings={},
            reason=f"the latent has {latent.shape[1]} channels, not {self.latent_channels}",
            fix="make the encoder output exactly latent_channels channels",
        )

    @checked
    def encode(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch latent_channels latent_h latent_w"]:
        """The latent map; height and width must be multiples of ``reduction``."""
        height, width = images.shape[-2:]
        if height % self.reduction or width % self.reduction:
            raise ShapeError(
                component="AutoEncoder",
                method="encode",
                argument="images",
                expected=f"(batch, 3, height, width), height and width multiples of "
                f"{self.reduction}",
                actual=f"Tensor shape={tuple(images.shape)}",
                bindings={},
                reason=f"{height}x{width} is not a multiple of the encoder's reduction "
                f"{self.reduction}, so the reconstruction could not have the same size",
                fix=f"resize or pad images to a multiple of {self.reduction}",
            )
        latent: Tensor = self.encoder(images)
        if latent.shape[1] != self.latent_channels:
            raise self._latent_error("encode", "return", latent)
        return latent

    @checked
    def decode(
        self, latent: Float[Tensor, "batch latent_channels latent_h latent_w"]
    ) -> Float[Tensor, "batch 3 height width"]:
        """Images remade from latent maps."""
        if latent.shape[1] != self.latent_channels:
            raise self._latent_error("decode", "latent", latent)
        images: Tensor = self.decoder(latent)
        return images

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch 3 height width"]:
        """The reconstruction of ``images`` (same shape)."""
        return self.decode(self.encode(images))

    @checked
    def loss(
        self, images: Float[Tensor, "batch 3 height width"], *, kind: ReconstructionLoss = "mse"
    ) -> LossBreakdown:
        """Mean squared (``kind="mse"``) or mean absolute (``"l1"``) reconstruction error."""
        reconstruction = self.forward(images)
        error = (
            F.l1_loss(reconstruction, images)
            if kind == "l1"
            else F.mse_loss(reconstruction, images)
        )
        return LossBreakdown.of(reconstruction=error)
