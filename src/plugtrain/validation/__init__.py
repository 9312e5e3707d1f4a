"""Whole-config validation before launch: schema, files, parts, weights, dry run.

``validate_config(path, overrides)`` runs every check of ``plugtrain validate`` and returns a
:class:`ValidationReport`. With ``dry_run=False`` it imports no torch (the schema, the file
checks and the parts' torch-free specs); the dry run builds the model through
``plugtrain.builders`` on the meta device, loading the weights with the same loader, and
runs it.
"""

from plugtrain.validation._cost import ModelCost, measure_cost
from plugtrain.validation._report import (
    DryRunLoss,
    DryRunParameters,
    DryRunReport,
    ModelFacts,
    ValidationReport,
    ValidationSummary,
    issue_json,
)
from plugtrain.validation._static import LevelFacts
from plugtrain.validation._validate import (
    validate_config,
    validate_config_text,
    validate_loaded,
)

__all__ = [
    "DryRunLoss",
    "DryRunParameters",
    "DryRunReport",
    "LevelFacts",
    "ModelCost",
    "ModelFacts",
    "ValidationReport",
    "ValidationSummary",
    "issue_json",
    "measure_cost",
    "validate_config",
    "validate_config_text",
    "validate_loaded",
]
