"""One model builder per learning setup, keyed by ``task.type``: training and the dry run
of ``plugtrain validate`` both build through this table."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Protocol

from torch import nn

from plugtrain.builders._classifier import build_classifier
from plugtrain.builders._domain import build_domain_adversarial_classifier
from plugtrain.builders._model import build_detector
from plugtrain.builders._parts import WeightsListener
from plugtrain.builders._self_supervised import build_autoencoder, build_contrastive_model
from plugtrain.config import ExperimentConfig

__all__ = ["MODEL_BUILDERS", "ModelBuilder", "build_model"]


class ModelBuilder(Protocol):
    """Builds the model of one setup from the whole experiment config (random weights unless
    ``model.backbone.weights`` names a file; ``on_weights`` hears what loading them did)."""

    def __call__(
        self, config: ExperimentConfig, *, on_weights: WeightsListener | None = None
    ) -> nn.Module: ...


def _detector(config: ExperimentConfig, *, on_weights: WeightsListener | None = None) -> nn.Module:
    return build_detector(config.model, on_weights=on_weights)


def _classifier(
    config: ExperimentConfig, *, on_weights: WeightsListener | None = None
) -> nn.Module:
    return build_classifier(config.model, on_weights=on_weights)


def _autoencoder(
    config: ExperimentConfig, *, on_weights: WeightsListener | None = None
) -> nn.Module:
    return build_autoencoder(config.model, on_weights=on_weights)


def _contrastive(
    config: ExperimentConfig, *, on_weights: WeightsListener | None = None
) -> nn.Module:
    return build_contrastive_model(config.model, on_weights=on_weights)


MODEL_BUILDERS: Final[Mapping[str, ModelBuilder]] = MappingProxyType(
    {
        "detection": _detector,
        "classification": _classifier,
        "domain_adversarial": build_domain_adversarial_classifier,
        "semi_supervised": _detector,  # the student; its teacher is the run's weight average
        "autoencoder": _autoencoder,
        "contrastive": _contrastive,
    }
)
"""``task.type`` -> the builder of that setup's model (a setup adds its row)."""


def build_model(config: ExperimentConfig) -> nn.Module:
    """The model of ``config``'s task, built by its row of :data:`MODEL_BUILDERS`."""
    return MODEL_BUILDERS[config.task.type](config)
