"""plugtrain: a defensive, strictly typed model-component SDK on PyTorch."""

from plugtrain.errors import (
    CheckpointError,
    CompatibilityError,
    ConfigError,
    ConfigIssue,
    DataError,
    ExportError,
    PlugtrainError,
    ShapeError,
    TrainingError,
)
from plugtrain.typing import checked, checked_dataclass, checks_disabled, checks_enabled

__version__ = "0.1.0"

__all__ = [
    "CheckpointError",
    "CompatibilityError",
    "ConfigError",
    "ConfigIssue",
    "DataError",
    "ExportError",
    "PlugtrainError",
    "ShapeError",
    "TrainingError",
    "__version__",
    "checked",
    "checked_dataclass",
    "checks_disabled",
    "checks_enabled",
]
