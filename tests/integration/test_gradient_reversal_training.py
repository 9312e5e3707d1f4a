"""A classifier trained through GradientReversal gets worse at its task; without it, better.

The layers before the reversal are trained on a two-blob problem against a fixed linear
head. The same setup, seed and optimiser without the reversal learns the task; with it,
gradient descent turns into ascent for those layers and the classifier unlearns it.
"""

from typing import cast

import torch
from torch import Tensor, nn

from plugtrain.components import GradientReversal


def _blobs() -> tuple[Tensor, Tensor]:
    generator = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 2, (256,), generator=generator)
    centres = labels.float().unsqueeze(1) * 2 - 1
    points = torch.randn(256, 2, generator=generator) * 0.7 + centres
    return points, labels


def _loss_and_accuracy(model: nn.Module, points: Tensor, labels: Tensor) -> tuple[float, float]:
    with torch.no_grad():
        logits: Tensor = model(points)
    loss = float(nn.functional.cross_entropy(logits, labels))
    accuracy = float((logits.argmax(dim=1) == labels).float().mean())
    return loss, accuracy


def _train(*, reverse: bool, steps: int = 60) -> tuple[tuple[float, float], tuple[float, float]]:
    """(loss, accuracy) before and after training the layers before the reversal."""
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    features = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh())
    head = nn.Linear(16, 2).requires_grad_(False)
    middle: nn.Module = GradientReversal(scale=1.0) if reverse else nn.Identity()
    model = nn.Sequential(features, middle, head)
    optimizer = cast(torch.optim.Optimizer, torch.optim.SGD(features.parameters(), lr=0.1))
    points, labels = _blobs()
    before = _loss_and_accuracy(model, points, labels)
    for _ in range(steps):
        optimizer.zero_grad()
        logits: Tensor = model(points)
        torch.autograd.backward(nn.functional.cross_entropy(logits, labels))
        optimizer.step()
    return before, _loss_and_accuracy(model, points, labels)


def test_without_reversal_the_classifier_gets_better() -> None:
    (loss_before, accuracy_before), (loss_after, accuracy_after) = _train(reverse=False)
    assert loss_after < loss_before * 0.5
    assert accuracy_after > 0.9 > accuracy_before


def test_through_reversal_the_classifier_gets_worse() -> None:
    (loss_before, accuracy_before), (loss_after, accuracy_after) = _train(reverse=True)
    assert loss_after > loss_before * 2
    assert accuracy_after < 0.2 < accuracy_before
