"""ReconstructionHead: a decoder from one level back to the image size."""

import pytest
import torch
from torch import nn

from plugtrain.components import ReconstructionHead, TinyBackbone
from plugtrain.components.heads import default_decoder_channels
from plugtrain.errors import ArgumentError, CompatibilityError
from plugtrain.structures import FeatureSpec

_SPEC = FeatureSpec.of(("C3", 32, 8), ("C4", 64, 16))


def test_decodes_the_last_level_to_the_image_size() -> None:
    head = ReconstructionHead(in_spec=_SPEC)
    assert (head.level, head.latent_channels, head.expansion) == ("C4", 64, 16)
    assert head.channels == (32, 16, 16, 16)
    assert head(torch.rand(2, 64, 3, 5)).shape == (2, 3, 48, 80)


def test_a_chosen_level_and_widths() -> None:
    head = ReconstructionHead(in_spec=_SPEC, level="C3", channels=(8, 8, 4))
    assert head.expansion == 8
    assert head(torch.rand(1, 32, 4, 4)).shape == (1, 3, 32, 32)


def test_default_widths_halve_down_to_sixteen() -> None:
    assert default_decoder_channels(128, 32) == (64, 32, 16, 16, 16)
    assert default_decoder_channels(8, 4) == (16, 16)


def test_outputs_are_not_squashed_into_zero_one() -> None:
    # normalised images reach about -2.1 .. 2.6; a sigmoid could not remake them
    head = ReconstructionHead(in_spec=_SPEC)
    last = head.layers[-1]
    assert isinstance(last, nn.Conv2d)
    assert last.bias is not None
    with torch.no_grad():
        last.bias.fill_(-2.0)
        assert float(head(torch.zeros(1, 64, 1, 1)).max()) < 0.0


def test_one_width_per_stage() -> None:
    with pytest.raises(ArgumentError) as caught:
        ReconstructionHead(in_spec=_SPEC, channels=(8, 8))
    message = str(caught.value)
    assert "ReconstructionHead" in message
    assert "channels" in message
    assert "4 positive ints, one per x2 stage from stride 16 of C4" in message
    assert "[32, 16, 16, 16]" in message


def test_a_level_the_input_lacks() -> None:
    with pytest.raises(CompatibilityError, match="reads level 'C5'"):
        ReconstructionHead(in_spec=_SPEC, level="C5")


def test_a_stride_that_is_no_power_of_two() -> None:
    with pytest.raises(ArgumentError, match="stride is a power of two"):
        ReconstructionHead(in_spec=FeatureSpec.of(("P", 8, 12)))


def test_fits_a_tiny_backbone() -> None:
    backbone = TinyBackbone(channels=(8, 16, 32, 64), out_levels=(3, 4))
    head = ReconstructionHead(in_spec=backbone.feature_spec)
    images = torch.rand(2, 3, 32, 32)
    assert head(backbone(images)[-1]).shape == images.shape
