"""The LR finder: the suggestion rules on known curves, the sweep on a toy regression
through the real Trainer, restoring what it touched, and its argument errors."""

import math

import pytest
import torch
from torch import Tensor, nn

from plugtrain._seed import seed_everything
from plugtrain.errors import ArgumentError
from plugtrain.structures import LossBreakdown
from plugtrain.tasks import Task
from plugtrain.training import LrFindResult, find_lr, suggest_lr

Batch = tuple[Tensor, Tensor]


class _Regression(Task[Batch]):
    """Mean squared error of a model on (inputs, targets)."""

    def loss(self, model: nn.Module, batch: Batch) -> LossBreakdown:
        inputs, targets = batch
        return LossBreakdown.of(mse=nn.functional.mse_loss(model(inputs), targets))

    def to_device(self, batch: Batch, device: torch.device) -> Batch:
        return batch[0].to(device), batch[1].to(device)

    def batch_size(self, batch: Batch) -> int:
        return int(batch[0].shape[0])


def _batches(count: int = 8) -> list[Batch]:
    generator = torch.Generator().manual_seed(0)
    weights = torch.randn(4, 1, generator=generator)
    batches: list[Batch] = []
    for _ in range(count):
        inputs = torch.randn(16, 4, generator=generator)
        batches.append((inputs, inputs @ weights))
    return batches


def _setup() -> tuple[nn.Module, torch.optim.Optimizer]:
    seed_everything(0)
    model = nn.Linear(4, 1)
    return model, torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)


def test_steepest_descent_before_the_minimum_is_suggested() -> None:
    lrs = [10 ** (-6 + k * 0.5) for k in range(12)]
    # flat, a fast fall between lrs[4] and lrs[6], the minimum at lrs[8], then a rise
    losses = [5.0, 5.0, 5.0, 4.9, 4.5, 3.0, 1.8, 1.4, 1.0, 1.2, 3.0, 9.0]
    assert suggest_lr(lrs, losses) == (lrs[5], "steepest")
    lr, rule = suggest_lr(lrs, losses, "minimum/10")
    assert lr == pytest.approx(lrs[8] / 10)
    assert rule == "minimum/10"


def test_a_loss_that_never_falls_gets_minimum_over_ten_and_says_so() -> None:
    lrs = [1e-4, 1e-3, 1e-2, 1e-1]
    lr, rule = suggest_lr(lrs, [1.0, 2.0, 4.0, 8.0])
    assert lr == pytest.approx(1e-5)
    assert rule == "minimum/10"


def test_the_sweep_runs_on_the_trainer_and_restores_model_optimiser_and_rng() -> None:
    model, optimizer = _setup()
    optimizer.step()  # some momentum state to keep
    weights = {k: v.clone() for k, v in model.state_dict().items()}
    rng = torch.get_rng_state()

    result = find_lr(
        model=model,
        task=_Regression(),
        optimizer=optimizer,
        train_loader=_batches(),
        steps=30,
        min_lr=1e-5,
        max_lr=1.0,
    )

    assert isinstance(result, LrFindResult)
    assert len(result.lrs) == len(result.losses) == len(result.raw_losses) >= 10
    assert result.lrs[0] == pytest.approx(1e-5)
    ratios = [b / a for a, b in zip(result.lrs, result.lrs[1:], strict=False)]
    assert ratios == pytest.approx([(1.0 / 1e-5) ** (1 / 29)] * len(ratios))
    assert all(math.isfinite(v) for v in result.losses)
    assert result.lrs[0] < result.suggestion < result.lrs[-1]
    assert result.rule == "steepest"
    for name, value in model.state_dict().items():
        assert torch.equal(value, weights[name]), name
    assert optimizer.param_groups[0]["lr"] == 0.5
    assert "initial_lr" not in optimizer.param_groups[0]
    assert torch.equal(torch.get_rng_state(), rng)


def test_a_sweep_into_divergence_stops_early() -> None:
    model, optimizer = _setup()
    result = find_lr(
        model=model,
        task=_Regression(),
        optimizer=optimizer,
        train_loader=_batches(),
        steps=60,
        min_lr=1e-3,
        max_lr=10.0,
    )
    assert result.diverged
    assert len(result.lrs) < 60
    assert result.suggestion < result.lrs[-1]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"steps": 1}, r"find_lr: argument 'steps' received 1"),
        ({"steps": 5000}, r"expected an int in \[2, 1000\]"),
        ({"min_lr": 1.0, "max_lr": 0.1}, r"expected 0 < min_lr < max_lr <= 10"),
        ({"smoothing": 1.0}, r"argument 'smoothing' received 1.0"),
        ({"diverge_factor": 1.0}, r"4.0 stops at 4x the best loss"),
    ],
)
def test_bad_arguments_are_refused_by_name(arguments: dict[str, float], message: str) -> None:
    model, optimizer = _setup()
    with pytest.raises(ArgumentError, match=message):
        find_lr(
            model=model,
            task=_Regression(),
            optimizer=optimizer,
            train_loader=_batches(),
            **arguments,  # type: ignore[arg-type]  # each case names valid keywords
        )


def test_suggest_lr_needs_one_loss_per_learning_rate() -> None:
    with pytest.raises(ArgumentError, match=r"received '0 learning rates and 0 losses'"):
        suggest_lr([], [])
