"""Evaluation cadence as a callback: when to evaluate, what is best, when to stop."""

import math
from collections.abc import Callable, Mapping
from typing import Literal, final

import torch
from torch import nn

from plugtrain.errors import ArgumentError, TrainingError
from plugtrain.training._callbacks import Callback, TrainContext, TrainState

__all__ = ["EvaluationCallback"]


@final
class EvaluationCallback(Callback):
    """Evaluates every ``every_epochs`` epochs and after the last one, then records the result.

    ``evaluate(model) -> {metric: value}`` runs in eval mode without gradients (on rank 0
    under DDP) on the weight average when the trainer keeps one
    (``context.evaluated_model``), so ``best`` is chosen by the weights used afterwards; its
    result becomes ``state.metrics`` for that epoch. With ``monitor``, a value better than
    ``state.best`` (higher for ``mode="max"``) sets ``state.improved``, which makes
    :class:`CheckpointCallback` write ``best``; with ``patience``, that many evaluations in
    a row without an improvement of more than ``min_delta`` stop the run.
    The trainer runs evaluation callbacks before every other callback of an epoch's end.
    """

    def __init__(
        self,
        evaluate: Callable[[nn.Module], Mapping[str, float]],
        *,
        every_epochs: int = 1,
        monitor: str | None = None,
        mode: Literal["max", "min"] = "max",
        patience: int | None = None,
        min_delta: float = 0.0,
    ) -> None:
        if every_epochs < 1:
            raise ArgumentError(
                part="EvaluationCallback",
                argument="every_epochs",
                received=every_epochs,
                expected="an integer >= 1",
                fix="evaluate every epoch with every_epochs=1",
            )
        if patience is not None and (patience < 1 or monitor is None):
            raise ArgumentError(
                part="EvaluationCallback",
                argument="patience",
                received=patience,
                expected="an integer >= 1, together with monitor=",
                fix="name the metric to watch (monitor='map') and a patience of at least 1",
            )
        if not (math.isfinite(min_delta) and min_delta >= 0.0):
            raise ArgumentError(
                part="EvaluationCallback",
                argument="min_delta",
                received=min_delta,
                expected="a finite number >= 0",
                fix="pass min_delta=0.0 to count any improvement",
            )
        self.evaluate = evaluate
        self.every_epochs = every_epochs
        self.monitor = monitor
        self.mode = mode
        self.patience = patience
        self.min_delta = min_delta

    def due(self, state: TrainState) -> bool:
        """Whether the epoch ``state.epoch`` (0-based, just finished) is evaluated."""
        done = state.epoch + 1
        return done % self.every_epochs == 0 or done >= state.max_epochs

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        state.improved = False
        if not self.due(state):
            return
        model = context.evaluated_model
        was_training = model.training
        model.eval()
        with torch.no_grad():
            state.metrics = {name: float(value) for name, value in self.evaluate(model).items()}
        model.train(was_training)
        if self.monitor is not None:
            self._judge(state)

    def _judge(self, state: TrainState) -> None:
        value = state.metrics.get(str(self.monitor))
        if value is None:
            raise TrainingError(
                f"the evaluation returned {sorted(state.metrics)} but not the monitored metric "
                f"{self.monitor!r}: monitor one of those, or return it from evaluate",
                step=state.step,
            )
        if math.isnan(value):
            state.stale_evaluations += 1
        else:
            sign = 1.0 if self.mode == "max" else -1.0
            gain = math.inf if state.best is None else sign * (value - state.best)
            state.improved = gain > 0.0
            if state.improved:
                state.best = value
            state.stale_evaluations = 0 if gain > self.min_delta else state.stale_evaluations + 1
        if self.patience is not None and state.stale_evaluations >= self.patience:
            state.should_stop = True
