"""Every learning setup, keyed by ``task.type`` (a setup adds its row)."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from plugtrain.config import ExperimentConfig
from plugtrain.runs._setup import Setup
from plugtrain.runs._setup_autoencoder import AutoencoderSetup
from plugtrain.runs._setup_classification import ClassificationSetup
from plugtrain.runs._setup_contrastive import ContrastiveSetup
from plugtrain.runs._setup_detection import DetectionSetup
from plugtrain.runs._setup_domain import DomainAdversarialSetup
from plugtrain.runs._setup_semi import SemiSupervisedSetup

__all__ = ["SETUPS", "setup_of"]

SETUPS: Final[Mapping[str, Setup]] = MappingProxyType(
    {
        "detection": DetectionSetup(),
        "classification": ClassificationSetup(),
        "domain_adversarial": DomainAdversarialSetup(),
        "semi_supervised": SemiSupervisedSetup(),
        "autoencoder": AutoencoderSetup(),
        "contrastive": ContrastiveSetup(),
    }
)
"""``task.type`` -> its setup."""


def setup_of(config: ExperimentConfig) -> Setup:
    """The setup of ``config.task``."""
    return SETUPS[config.task.type]
