"""GradientReversal: identity forward, gradient times -scale backward."""

import math

import pytest
import torch

from plugtrain.components import GradientReversal
from plugtrain.errors import ArgumentError


def test_forward_is_the_identity() -> None:
    x = torch.randn(2, 3, 4)
    y = GradientReversal()(x)
    assert y.shape == x.shape
    torch.testing.assert_close(y, x, rtol=0, atol=0)


@pytest.mark.parametrize("scale", [0.0, 0.25, 1.0, 3.0])
def test_backward_multiplies_the_gradient_by_minus_scale(scale: float) -> None:
    x = torch.randn(5, requires_grad=True)
    upstream = torch.tensor([1.0, -2.0, 0.5, 3.0, -0.25])
    (GradientReversal(scale=scale)(x) * upstream).sum().backward()
    assert x.grad is not None
    torch.testing.assert_close(x.grad, -scale * upstream)


def test_reverses_the_gradient_of_parameters_before_it() -> None:
    weight = torch.nn.Parameter(torch.tensor(2.0))
    x = torch.tensor(3.0)
    (GradientReversal(scale=0.5)(weight * x) ** 2).backward()
    # d/dw (w x)^2 = 2 w x^2 = 36; reversed and halved: -18
    assert weight.grad is not None
    assert float(weight.grad) == pytest.approx(-18.0)


def test_scale_can_change_between_steps() -> None:
    layer = GradientReversal(scale=1.0)
    layer.scale = 0.1
    x = torch.ones(1, requires_grad=True)
    layer(x).sum().backward()
    assert x.grad is not None
    assert float(x.grad) == pytest.approx(-0.1)
    assert repr(layer) == "GradientReversal(scale=0.1)"


@pytest.mark.parametrize("scale", [-1.0, math.nan, math.inf])
def test_bad_scale_is_a_config_error(scale: float) -> None:
    with pytest.raises(ArgumentError, match=r"GradientReversal: argument 'scale' received"):
        GradientReversal(scale=scale)
    layer = GradientReversal()
    with pytest.raises(ArgumentError, match=r"finite float >= 0"):
        layer.scale = scale


def test_negative_scale_message_says_why() -> None:
    with pytest.raises(ArgumentError, match="a negative scale would not reverse the gradient"):
        GradientReversal(scale=-0.5)
