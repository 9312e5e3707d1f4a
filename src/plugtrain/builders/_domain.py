"""The model of ``task: {type: domain_adversarial}``: a classifier and its domain classifier."""

from plugtrain.builders._classifier import build_classifier
from plugtrain.builders._parts import WeightsListener
from plugtrain.components import GradientReversal
from plugtrain.components.heads import DomainClassifierHead
from plugtrain.config import DomainAdversarialTaskConfig, ExperimentConfig
from plugtrain.errors import ArgumentError
from plugtrain.models import DomainAdversarialClassifier

__all__ = ["build_domain_adversarial_classifier"]


def build_domain_adversarial_classifier(
    config: ExperimentConfig, *, on_weights: WeightsListener | None = None
) -> DomainAdversarialClassifier:
    """``build_classifier(config.model)`` plus a ``DomainClassifierHead`` on the backbone
    level ``task.level`` behind a ``GradientReversal`` (lambda 0 until a schedule sets it)."""
    task = config.task
    if not isinstance(task, DomainAdversarialTaskConfig):
        raise ArgumentError(
            part="build_domain_adversarial_classifier",
            argument="config",
            received=f"task.type: {task.type}",
            expected="task.type: domain_adversarial",
            fix="build the model of the config's task with plugtrain.builders.MODEL_BUILDERS",
        )
    classifier = build_classifier(config.model, on_weights=on_weights)
    domain_head = DomainClassifierHead(
        in_spec=classifier.backbone.feature_spec, hidden=task.hidden, level=task.level
    )
    return DomainAdversarialClassifier(
        classifier=classifier,
        domain_head=domain_head,
        reversal=GradientReversal(scale=0.0),
        domain_weight=task.domain_weight,
    )
