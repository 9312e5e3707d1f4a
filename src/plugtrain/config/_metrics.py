"""The names of the metrics the learning setups report, and which way each is better."""

from typing import Final, Literal, get_args

__all__ = ["METRIC_GOALS", "MetricGoal", "MetricName"]

MetricName = Literal[
    "map",
    "map50",
    "map75",
    "top1_accuracy",
    "reconstruction_mse",
    "input_variance",
    "linear_probe_accuracy",
    "random_linear_probe_accuracy",
    "contrastive_loss",
    "target_accuracy",
    "domain_accuracy",
]
"""Every metric a setup reports (``eval.metric`` names one of the task's)."""

MetricGoal = Literal["max", "min"]

_LOWER_IS_BETTER: Final = frozenset({"reconstruction_mse", "input_variance", "contrastive_loss"})

METRIC_GOALS: Final[dict[str, MetricGoal]] = {
    name: "min" if name in _LOWER_IS_BETTER else "max" for name in get_args(MetricName)
}
"""``max`` where a higher value is better (accuracy, mAP), ``min`` for losses and errors."""
