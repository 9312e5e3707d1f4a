"""One model builder per learning setup, keyed by ``task.type``: training and the dry run
of ``plugtrain validate`` both build through this table."""

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from torch import nn

from plugtrain.builders._classifier import build_classifier
from plugtrain.builders._domain import build_domain_adversarial_classifier
from plugtrain.builders._model import build_detector
from plugtrain.builders._self_supervised import build_autoencoder, build_contrastive_model
from plugtrain.config import ExperimentConfig

__all__ = ["MODEL_BUILDERS", "ModelBuilder", "build_model"]

ModelBuilder = Callable[[ExperimentConfig], nn.Module]
"""Builds the model of one setup from the whole experiment config (random weights unless
``model.backbone.weights`` names a file)."""


def _detector(config: ExperimentConfig) -> nn.Module:
    return build_detector(config.model)


def _classifier(config: ExperimentConfig) -> nn.Module:
    return build_classifier(config.model)


MODEL_BUILDERS: Final[Mapping[str, ModelBuilder]] = MappingProxyType(
    {
        "detection": _detector,
        "classification": _classifier,
        "domain_adversarial": build_domain_adversarial_classifier,
        "semi_supervised": _detector,  # the student; its teacher is the run's weight average
        "autoencoder": lambda config: build_autoencoder(config.model),
        "contrastive": lambda config: build_contrastive_model(config.model),
    }
)
"""``task.type`` -> the builder of that setup's model (a setup adds its row)."""


def build_model(config: ExperimentConfig) -> nn.Module:
    """The model of ``config``'s task, built by its row of :data:`MODEL_BUILDERS`."""
    return MODEL_BUILDERS[config.task.type](config)
