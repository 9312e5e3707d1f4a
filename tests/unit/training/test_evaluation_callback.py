"""EvaluationCallback: cadence, the best value, best checkpoints and early stopping."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from torch import nn

from plugtrain.errors import ArgumentError, TrainingError
from plugtrain.training import (
    CheckpointCallback,
    EvaluationCallback,
    TrainContext,
    TrainState,
    load_checkpoint,
)


def _context() -> TrainContext:
    model = nn.Linear(2, 1)
    return TrainContext(
        model=model, optimizer=torch.optim.SGD(model.parameters(), lr=0.1), scheduler=None
    )


class Scores:
    """An evaluate function that returns the next value of ``values`` as ``map``."""

    def __init__(self, *values: float) -> None:
        self.values: Iterator[float] = iter(values)
        self.calls = 0
        self.saw_eval_mode: list[bool] = []

    def __call__(self, model: nn.Module) -> dict[str, float]:
        self.calls += 1
        self.saw_eval_mode.append(not model.training)
        return {"map": next(self.values)}


def _run_epochs(
    callbacks: list[EvaluationCallback | CheckpointCallback], epochs: int
) -> TrainState:
    context = _context()
    state = TrainState(max_epochs=epochs, steps_per_epoch=1)
    for _ in range(epochs):
        state.metrics = {}
        for callback in callbacks:
            callback.on_epoch_end(context, state)
        if state.should_stop:
            break
        state.epoch += 1
    return state


def test_evaluates_every_n_epochs_and_after_the_last() -> None:
    scores = Scores(0.1, 0.2, 0.3)
    _run_epochs([EvaluationCallback(scores, every_epochs=2)], epochs=5)
    assert scores.calls == 3  # after epochs 2, 4 and 5
    assert scores.saw_eval_mode == [True, True, True]


def test_best_follows_the_monitored_metric_and_drives_the_best_checkpoint(
    tmp_path: Path,
) -> None:
    evaluation = EvaluationCallback(Scores(0.3, 0.5, 0.4), monitor="map")
    checkpoints = CheckpointCallback(tmp_path)
    state = _run_epochs([evaluation, checkpoints], epochs=3)
    assert state.best == 0.5
    best = load_checkpoint(checkpoints.best_path).metadata
    assert (best.epoch, best.best, best.metrics["map"]) == (2, 0.5, 0.5)
    assert load_checkpoint(checkpoints.last_path).metadata.metrics["map"] == 0.4


def test_mode_min_prefers_lower_values() -> None:
    state = _run_epochs(
        [EvaluationCallback(Scores(0.5, 0.2, 0.3), monitor="map", mode="min")], epochs=3
    )
    assert state.best == 0.2


def test_patience_stops_after_that_many_evaluations_without_gain() -> None:
    evaluation = EvaluationCallback(
        Scores(0.3, 0.31, 0.305, 0.9), monitor="map", patience=2, min_delta=0.05
    )
    state = _run_epochs([evaluation], epochs=4)
    assert state.should_stop
    assert state.epoch == 2  # stopped after the third evaluation
    assert state.best == 0.31  # a gain below min_delta still counts for the best checkpoint


def test_a_monitor_the_evaluation_does_not_return_is_a_training_error() -> None:
    evaluation = EvaluationCallback(Scores(0.1), monitor="accuracy")
    with pytest.raises(TrainingError) as caught:
        _run_epochs([evaluation], epochs=1)
    assert "returned ['map'] but not the monitored metric 'accuracy'" in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"every_epochs": 0}, "every_epochs"),
        ({"patience": 2}, "patience"),
        ({"monitor": "map", "patience": 0}, "patience"),
        ({"min_delta": -1.0}, "min_delta"),
    ],
)
def test_bad_arguments_are_argument_errors(arguments: dict[str, object], argument: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        EvaluationCallback(Scores(), **arguments)  # type: ignore[arg-type]  # deliberately loose
    assert (caught.value.part, caught.value.argument) == ("EvaluationCallback", argument)
