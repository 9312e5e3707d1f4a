"""GradientReversal: identity forward, gradient times ``-scale`` backward.

The layer of domain-adversarial training (Ganin & Lempitsky, 2015): a domain classifier
behind it learns to tell domains apart while the features before it learn to make them
indistinguishable.
"""

import math
from typing import Any, cast, final

import torch
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.components._arguments import invalid_argument
from plugtrain.typing import checked

__all__ = ["GradientReversal"]


class _ReverseGradient(torch.autograd.Function):
    @staticmethod
    # ``ctx`` is Any: torch's FunctionCtx declares no attributes, yet carrying state from
    # forward to backward on it is the documented use.
    def forward(ctx: Any, x: Tensor, scale: float) -> Tensor:
        ctx.scale = scale
        return x.view_as(x)

    @staticmethod
    def backward(  # pyright: ignore[reportIncompatibleMethodOverride]  # torch types it as *grad_outputs: Any
        ctx: Any, grad_output: Tensor
    ) -> tuple[Tensor, None]:
        scale: float = ctx.scale
        return grad_output * -scale, None


def _check_scale(scale: float) -> float:
    value = cast(object, scale)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise invalid_argument(
            "GradientReversal",
            "scale",
            received=scale,
            expected="a finite float >= 0 (the gradient is multiplied by -scale)",
            fix="pass e.g. scale=1.0 (ramp it up from 0 if adversarial training is unstable)",
        )
    if scale < 0:
        raise invalid_argument(
            "GradientReversal",
            "scale",
            received=scale,
            expected="a finite float >= 0; a negative scale would not reverse the gradient",
            fix="pass the magnitude, e.g. scale=1.0",
        )
    return float(scale)


@final
class GradientReversal(nn.Module):
    """Identity in the forward pass; multiplies the gradient by ``-scale`` in the backward.

    ``scale`` may be changed between steps (``layer.scale = 0.5``), e.g. on a schedule.
    """

    def __init__(self, *, scale: float = 1.0) -> None:
        super().__init__()
        self._scale = _check_scale(scale)

    @property
    def scale(self) -> float:
        return self._scale

    @scale.setter
    def scale(self, value: float) -> None:
        self._scale = _check_scale(value)

    def extra_repr(self) -> str:
        return f"scale={self._scale}"

    @checked
    def forward(self, x: Float[Tensor, "*shape"]) -> Float[Tensor, "*shape"]:
        result: Tensor = _ReverseGradient.apply(x, self._scale)
        return result
