"""DomainLambdaSchedule sets the reversal scale before each step and logs it."""

import math
from typing import cast

import pytest
import torch
from torch import nn

from plugtrain.components import ClassificationHead, GradientReversal, TinyBackbone
from plugtrain.components.heads import DomainClassifierHead
from plugtrain.errors import ArgumentError
from plugtrain.models import Classifier, DomainAdversarialClassifier
from plugtrain.runs._domain_lambda import LAMBDA_SCALAR, DomainLambdaSchedule
from plugtrain.tasks import dann_lambda
from plugtrain.training import TrainContext, TrainState


def _context(model: nn.Module) -> TrainContext:
    optimizer = cast(torch.optim.Optimizer, torch.optim.SGD(model.parameters(), lr=0.1))
    return TrainContext(model=model, optimizer=optimizer, scheduler=None)


def _model() -> DomainAdversarialClassifier:
    backbone = TinyBackbone(channels=(8, 8, 16, 16), out_levels=(5,))
    return DomainAdversarialClassifier(
        classifier=Classifier(
            backbone=backbone,
            head=ClassificationHead(in_spec=backbone.feature_spec, num_classes=2),
        ),
        domain_head=DomainClassifierHead(in_spec=backbone.feature_spec, hidden=4),
        reversal=GradientReversal(scale=5.0),
    )


def test_lambda_follows_the_progress_of_the_run() -> None:
    model = _model()
    context = _context(model)
    schedule = DomainLambdaSchedule(lambda_max=0.8)
    state = TrainState(max_epochs=2, steps_per_epoch=5)
    schedule.on_fit_start(context, state)
    assert model.reversal.scale == 0.0
    assert state.scalars == {LAMBDA_SCALAR: 0.0}
    seen: list[float] = []
    for step in range(1, 11):
        state.step = step
        schedule.on_step_end(context, state)
        seen.append(model.reversal.scale)
        assert state.scalars[LAMBDA_SCALAR] == model.reversal.scale
    assert seen == sorted(seen)
    assert seen[4] == pytest.approx(dann_lambda(0.5, lambda_max=0.8))
    assert seen[-1] == pytest.approx(0.8 * (2 / (1 + math.exp(-10)) - 1))


def test_a_resumed_run_starts_where_it_stopped() -> None:
    model = _model()
    state = TrainState(max_epochs=4, steps_per_epoch=10, step=20)
    DomainLambdaSchedule(lambda_max=1.0, gamma=5.0).on_fit_start(_context(model), state)
    assert model.reversal.scale == pytest.approx(dann_lambda(0.5, lambda_max=1.0, gamma=5.0))


def test_a_model_without_reversal_is_refused() -> None:
    state = TrainState(max_epochs=1, steps_per_epoch=1)
    with pytest.raises(ArgumentError, match="expected a DomainAdversarialClassifier"):
        DomainLambdaSchedule(lambda_max=1.0).on_fit_start(_context(nn.Linear(2, 2)), state)


@pytest.mark.parametrize(("name", "value"), [("lambda_max", -1.0), ("gamma", math.inf)])
def test_bad_schedule_values_are_refused(name: str, value: float) -> None:
    arguments = {"lambda_max": 1.0, "gamma": 10.0, name: value}
    with pytest.raises(ArgumentError) as caught:
        DomainLambdaSchedule(**arguments)
    assert (caught.value.part, caught.value.argument) == ("DomainLambdaSchedule", name)
    assert "expected a finite float >= 0" in str(caught.value)
