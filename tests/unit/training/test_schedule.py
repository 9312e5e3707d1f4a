"""Warmup then the chosen schedule, stepped per optimiser step."""

import pytest
import torch

from plugtrain.errors import ArgumentError
from plugtrain.training import ScheduleKind, build_scheduler


def _lrs(kind: ScheduleKind, total: int, warmup: int) -> list[float]:
    optimizer: torch.optim.Optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    scheduler = build_scheduler(optimizer, kind=kind, total_steps=total, warmup_steps=warmup)
    values: list[float] = []
    for _ in range(total):
        values.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()  # pyright: ignore[reportUnknownMemberType]  # torch leaves closure untyped
        scheduler.step()
    return values


def test_warmup_rises_linearly_to_the_base_lr_then_cosine_decays() -> None:
    values = _lrs("cosine", total=20, warmup=5)
    assert values[0] == pytest.approx(1e-3)
    assert values[:6] == sorted(values[:6])
    assert values[5] == pytest.approx(1.0)
    assert values[5:] == sorted(values[5:], reverse=True)
    assert values[-1] < 0.05


@pytest.mark.parametrize("kind", ["step", "constant", "onecycle"])
def test_other_kinds_build_and_stay_positive(kind: ScheduleKind) -> None:
    values = _lrs(kind, total=12, warmup=3)
    assert all(v > 0 for v in values)
    if kind == "constant":
        assert values[3:] == [pytest.approx(1.0)] * 9


def test_warmup_must_be_shorter_than_the_run() -> None:
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    with pytest.raises(ArgumentError) as caught:
        build_scheduler(optimizer, kind="cosine", total_steps=10, warmup_steps=10)
    assert (caught.value.part, caught.value.argument) == ("build_scheduler", "warmup_steps")
    assert "received 10, expected an integer in [0, total_steps=10)" in str(caught.value)
