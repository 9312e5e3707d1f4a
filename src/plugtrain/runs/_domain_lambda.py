"""DomainLambdaSchedule: the adversarial weight lambda of DANN, set before every step.

``lambda(p) = lambda_max * (2 / (1 + exp(-gamma * p)) - 1)`` over the training progress
``p = step / total_steps`` (Ganin & Lempitsky, 2015): the domain classifier's reversed
gradient is nearly off while the features are random and reaches ``lambda_max`` by the end.
"""

import math
from typing import Final, final

from torch import nn

from plugtrain.errors import ArgumentError
from plugtrain.models import DomainAdversarialClassifier
from plugtrain.tasks import dann_lambda
from plugtrain.training import Callback, TrainContext, TrainState

__all__ = ["LAMBDA_SCALAR", "DomainLambdaSchedule"]

LAMBDA_SCALAR: Final = "domain_lambda"
"""The name lambda is logged under (``schedule/domain_lambda`` in metrics.jsonl)."""


def _adversarial(model: nn.Module) -> DomainAdversarialClassifier:
    if isinstance(model, DomainAdversarialClassifier):
        return model
    raise ArgumentError(
        part="DomainLambdaSchedule",
        argument="model",
        received=type(model).__name__,
        expected="a DomainAdversarialClassifier (its reversal layer takes lambda)",
        fix="train a model built for task.type: domain_adversarial",
    )


@final
class DomainLambdaSchedule(Callback):
    """Sets the model's gradient-reversal scale to ``dann_lambda(step / total_steps)``
    before every step (and after a resume), and logs it as ``domain_lambda``."""

    def __init__(self, *, lambda_max: float, gamma: float = 10.0) -> None:
        for name, value in (("lambda_max", lambda_max), ("gamma", gamma)):
            if not math.isfinite(value) or value < 0:
                raise ArgumentError(
                    part="DomainLambdaSchedule",
                    argument=name,
                    received=value,
                    expected="a finite float >= 0",
                    fix="pass e.g. lambda_max=1.0, gamma=10.0 (the values of the DANN paper)",
                )
        self.lambda_max: Final = lambda_max
        self.gamma: Final = gamma

    def _set(self, context: TrainContext, state: TrainState) -> None:
        model = _adversarial(context.model)
        progress = state.step / max(1, state.total_steps)
        value = dann_lambda(progress, lambda_max=self.lambda_max, gamma=self.gamma)
        model.reversal.scale = value
        state.scalars[LAMBDA_SCALAR] = value

    def on_fit_start(self, context: TrainContext, state: TrainState) -> None:
        self._set(context, state)

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        self._set(context, state)
