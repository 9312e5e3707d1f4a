"""NT-Xent: SimCLR's loss of two views."""

import math

import pytest
import torch
from torch.nn import functional

from plugtrain.errors import ArgumentError, ShapeError
from plugtrain.losses import nt_xent_loss


def _reference(view_a: torch.Tensor, view_b: torch.Tensor, temperature: float) -> torch.Tensor:
    """The loss written out example by example, as in the SimCLR paper (eq. 1)."""
    z = functional.normalize(torch.cat([view_a, view_b]), dim=1)
    n = view_a.shape[0]
    total = torch.zeros(())
    for i in range(2 * n):
        positive = (i + n) % (2 * n)
        similarities = torch.stack([z[i] @ z[k] / temperature for k in range(2 * n) if k != i])
        others = [k for k in range(2 * n) if k != i]
        total = total - (similarities[others.index(positive)] - similarities.logsumexp(0))
    return total / (2 * n)


def test_equals_the_per_example_definition() -> None:
    view_a, view_b = torch.randn(5, 7), torch.randn(5, 7)
    torch.testing.assert_close(
        nt_xent_loss(view_a, view_b, temperature=0.3), _reference(view_a, view_b, 0.3)
    )


def test_identical_views_score_lower_than_random_ones() -> None:
    view_a = torch.randn(16, 8)
    matched = float(nt_xent_loss(view_a, view_a * 2.0, temperature=0.1))
    unrelated = float(nt_xent_loss(view_a, torch.randn(16, 8), temperature=0.1))
    assert matched < 0.1 < math.log(31) * 0.5 < unrelated


def test_scale_of_the_embeddings_does_not_matter() -> None:
    view_a, view_b = torch.randn(4, 3), torch.randn(4, 3)
    torch.testing.assert_close(
        nt_xent_loss(view_a, view_b, temperature=0.5),
        nt_xent_loss(view_a * 10.0, view_b * 0.1, temperature=0.5),
    )


@pytest.mark.parametrize("temperature", [0.0, -1.0, math.inf, math.nan])
def test_temperature_must_be_positive_and_finite(temperature: float) -> None:
    with pytest.raises(ArgumentError, match="temperature") as caught:
        nt_xent_loss(torch.randn(2, 3), torch.randn(2, 3), temperature=temperature)
    assert "a finite float > 0" in str(caught.value)


def test_one_image_has_no_negatives() -> None:
    with pytest.raises(ShapeError, match="no negative to tell the positive from"):
        nt_xent_loss(torch.randn(1, 3), torch.randn(1, 3), temperature=0.2)


def test_views_must_pair_up() -> None:
    with pytest.raises(ShapeError):
        nt_xent_loss(torch.randn(3, 4), torch.randn(2, 4), temperature=0.2)
