"""ProjectionHead: pool one level, then SimCLR's MLP."""

import pytest
import torch

from plugtrain.components import ProjectionHead, TinyBackbone
from plugtrain.errors import ArgumentError, CompatibilityError, ShapeError
from plugtrain.structures import FeatureSpec

_SPEC = FeatureSpec.of(("C4", 16, 16), ("C5", 32, 32))


def _features(batch: int) -> list[torch.Tensor]:
    return [torch.rand(batch, 16, 4, 4), torch.rand(batch, 32, 2, 2)]


def test_pools_the_last_level_and_projects() -> None:
    head = ProjectionHead(in_spec=_SPEC, hidden_dim=24, out_dim=8)
    features = _features(3)
    assert (head.level, head.feature_dim, head.out_dim) == ("C5", 32, 8)
    torch.testing.assert_close(head.pooled(features), features[1].mean(dim=(2, 3)))
    assert head(features).shape == (3, 8)


def test_a_chosen_level() -> None:
    head = ProjectionHead(in_spec=_SPEC, level="C4")
    assert head.pooled(_features(2)).shape == (2, 16)
    assert head(_features(2)).shape == (2, 64)


def test_sizes_must_be_positive() -> None:
    with pytest.raises(ArgumentError, match="hidden_dim") as caught:
        ProjectionHead(in_spec=_SPEC, hidden_dim=0)
    assert "a positive int" in str(caught.value)
    with pytest.raises(ArgumentError, match="out_dim"):
        ProjectionHead(in_spec=_SPEC, out_dim=-3)


def test_a_level_the_input_lacks() -> None:
    with pytest.raises(CompatibilityError, match="ProjectionHead reads level 'C3'"):
        ProjectionHead(in_spec=_SPEC, level="C3")


def test_features_of_another_spec() -> None:
    head = ProjectionHead(in_spec=_SPEC)
    with pytest.raises(ShapeError, match="ProjectionHead"):
        head([torch.rand(2, 16, 4, 4)])


def test_on_a_tiny_backbone() -> None:
    backbone = TinyBackbone()
    head = ProjectionHead(in_spec=backbone.feature_spec)
    assert head(backbone(torch.rand(2, 3, 32, 32))).shape == (2, 64)
