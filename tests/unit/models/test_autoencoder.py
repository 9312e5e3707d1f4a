"""AutoEncoder from typed Encoder / Decoder parts."""

from typing import cast

import pytest
import torch
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.errors import ArgumentError, CompatibilityError, ShapeError
from plugtrain.models import AutoEncoder, ConvDecoder, ConvEncoder, Encoder
from plugtrain.typing import checked


def test_reconstruction_has_the_input_shape_and_latent_is_typed() -> None:
    model = AutoEncoder(
        encoder=ConvEncoder(channels=(8, 16, 16), latent_channels=4),
        decoder=ConvDecoder(latent_channels=4, channels=(16, 16, 8)),
    )
    images = torch.rand(2, 3, 32, 48)
    latent = model.encode(images)
    assert latent.shape == (2, 4, 4, 6)
    assert model.decode(latent).shape == images.shape
    reconstruction = model(images)
    assert reconstruction.shape == images.shape
    assert float(reconstruction.detach().min()) >= 0.0
    assert float(reconstruction.detach().max()) <= 1.0


def test_loss_is_the_mean_squared_error_and_it_trains() -> None:
    model = AutoEncoder(encoder=ConvEncoder(), decoder=ConvDecoder())
    images = torch.rand(4, 3, 16, 16)
    loss = model.loss(images)
    assert set(loss.terms) == {"reconstruction"}
    optimizer = cast(
        torch.optim.Optimizer, torch.optim.Adam(model.parameters(), lr=1e-2)
    )  # typed step()
    first = loss.detached()["total"]
    for _ in range(8):
        optimizer.zero_grad()
        torch.autograd.backward(model.loss(images).total)
        optimizer.step()
    assert model.loss(images).detached()["total"] < first


def test_latent_channels_must_agree() -> None:
    with pytest.raises(CompatibilityError) as caught:
        AutoEncoder(encoder=ConvEncoder(latent_channels=8), decoder=ConvDecoder(latent_channels=4))
    message = str(caught.value)
    assert "the encoder makes 8 latent channels, the decoder takes 4" in message
    assert "produced: ConvEncoder: latent 8 channels, reduction 4" in message
    assert "expected: ConvDecoder: latent 4 channels, expansion 4" in message


def test_reduction_must_equal_expansion() -> None:
    with pytest.raises(CompatibilityError, match="shrinks images 4x, the decoder grows latents 8x"):
        AutoEncoder(encoder=ConvEncoder(), decoder=ConvDecoder(channels=(32, 16, 8)))


def test_image_size_must_be_a_multiple_of_the_reduction() -> None:
    model = AutoEncoder(encoder=ConvEncoder(), decoder=ConvDecoder())
    with pytest.raises(ShapeError, match=r"AutoEncoder\.encode.*\n.*30x32 is not a multiple .* 4"):
        model(torch.rand(1, 3, 30, 32))


def test_decode_checks_the_latent_channels() -> None:
    model = AutoEncoder(encoder=ConvEncoder(), decoder=ConvDecoder())
    with pytest.raises(ShapeError, match=r"decode: argument 'latent'.*\n.*has 5 channels, not 8"):
        model.decode(torch.rand(1, 5, 4, 4))


class _LyingEncoder(Encoder):
    """Declares 8 latent channels but makes 3."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 3, kernel_size=4, stride=4)

    @property
    def latent_channels(self) -> int:
        return 8

    @property
    def reduction(self) -> int:
        return 4

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch latent_channels latent_h latent_w"]:
        latent: Tensor = self.conv(images)
        return latent


def test_an_encoder_that_breaks_its_declaration_is_a_shape_error() -> None:
    model = AutoEncoder(encoder=_LyingEncoder(), decoder=ConvDecoder())
    with pytest.raises(ShapeError, match=r"encode: return value.*\n.*has 3 channels, not 8"):
        model(torch.rand(1, 3, 16, 16))


def test_bad_arguments_are_config_errors() -> None:
    with pytest.raises(ArgumentError, match=r"ConvEncoder: argument 'channels' received \(\)"):
        ConvEncoder(channels=())
    with pytest.raises(ArgumentError, match=r"ConvDecoder: argument 'latent_channels' received 0"):
        ConvDecoder(latent_channels=0)
