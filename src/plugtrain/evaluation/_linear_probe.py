"""Linear-probe accuracy: how linearly separable frozen features make the classes.

The standard measure of a self-supervised representation: fit a multinomial logistic
regression on the features of one half of a labeled set, report its accuracy on the other
half. Deterministic: a fixed stratified split (within each class, alternate examples in
data-set order), zero-initialised weights, full-batch L-BFGS in float64.
"""

from dataclasses import dataclass
from typing import Final, cast

import torch
from jaxtyping import Float, Int64
from torch import Tensor
from torch.nn import functional

from plugtrain._tensors import int_list
from plugtrain.errors import DataError
from plugtrain.typing import checked

__all__ = ["LinearProbe", "linear_probe", "probe_split"]

_STEPS: Final = 100
_WEIGHT_DECAY: Final = 1e-3
_MIN_STD: Final = 1e-6


@dataclass(frozen=True)
class LinearProbe:
    """``accuracy`` in [0, 1] on ``test_examples``, of a probe fit on ``train_examples``."""

    accuracy: float
    train_examples: int
    test_examples: int


@checked
def probe_split(
    labels: Int64[Tensor, " num"],
) -> tuple[Int64[Tensor, " train"], Int64[Tensor, " test"]]:
    """Indices of the fit half and the test half: within each class, in data-set order, the
    1st, 3rd, ... example fits and the 2nd, 4th, ... tests."""
    fit: list[Tensor] = []
    test: list[Tensor] = []
    for label in sorted(set(int_list(labels))):
        members = torch.nonzero(labels == label).flatten()
        fit.append(members[0::2])
        test.append(members[1::2])
    return torch.sort(torch.cat(fit)).values, torch.sort(torch.cat(test)).values


@checked
def linear_probe(
    features: Float[Tensor, "num dim"],
    labels: Int64[Tensor, " num"],
    *,
    num_classes: int,
    weight_decay: float = _WEIGHT_DECAY,
) -> LinearProbe:
    """Fit on one half of ``(features, labels)`` (:func:`probe_split`), test on the other.

    Features are standardised with the fit half's mean and std; the probe minimises
    cross-entropy plus ``1e-3 * |W|^2`` with 100 L-BFGS iterations. ``DataError`` when a
    half is empty or labels fall outside ``[0, num_classes)``.
    """
    if bool(((labels < 0) | (labels >= num_classes)).any()):
        raise DataError(
            f"linear probe labels must be in [0, {num_classes}), got values from "
            f"{int(labels.min())} to {int(labels.max())}"
        )
    fit, test = probe_split(labels)
    if fit.numel() == 0 or test.numel() == 0:
        raise DataError(
            f"the linear probe needs at least two labeled images of a class (one to fit, one "
            f"to test); got {labels.numel()} image(s): use a larger val set"
        )
    values = features.detach().to(device="cpu", dtype=torch.float64)
    targets = labels.detach().cpu()
    mean = values[fit].mean(dim=0)
    std = values[fit].std(dim=0, correction=0).clamp(min=_MIN_STD)
    standardised = (values - mean) / std
    weight = torch.zeros(values.shape[1], num_classes, dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(num_classes, dtype=torch.float64, requires_grad=True)
    # LBFGS.step is untyped; Optimizer.step's overloads take the same closure
    optimizer = cast(
        torch.optim.Optimizer,
        torch.optim.LBFGS(
            [weight, bias], max_iter=_STEPS, line_search_fn="strong_wolfe", tolerance_grad=1e-9
        ),
    )
    x, y = standardised[fit], targets[fit]

    def closure() -> float:
        optimizer.zero_grad()
        loss = functional.cross_entropy(x @ weight + bias, y) + weight_decay * weight.square().sum()
        torch.autograd.backward(loss)
        return float(loss.detach())

    optimizer.step(closure)
    with torch.no_grad():
        predicted = (standardised[test] @ weight + bias).argmax(dim=1)
        correct = int((predicted == targets[test]).sum())
    return LinearProbe(
        accuracy=correct / int(test.numel()),
        train_examples=int(fit.numel()),
        test_examples=int(test.numel()),
    )
