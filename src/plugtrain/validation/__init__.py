"""Whole-config validation before launch: schema, files, parts, weights, dry run.

``validate_config(path, overrides)`` runs every check of ``plugtrain validate`` and returns a
:class:`ValidationReport`; it imports torch (to compute FeatureSpecs), unlike
``plugtrain.config``.
"""

from plugtrain.validation._report import ValidationReport, issue_json
from plugtrain.validation._torchvision import torchvision_backbone_model
from plugtrain.validation._validate import (
    validate_config,
    validate_config_text,
    validate_loaded,
)

__all__ = [
    "ValidationReport",
    "issue_json",
    "torchvision_backbone_model",
    "validate_config",
    "validate_config_text",
    "validate_loaded",
]
