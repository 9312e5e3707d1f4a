"""plugtrain: a defensive, strictly typed model-component SDK on PyTorch.

Names that need torch are imported on first use, so ``import plugtrain.config`` (and
``plugtrain validate --no-dry-run``, ``plugtrain schema``) never pay for importing torch.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from plugtrain._seed import seed_everything
    from plugtrain.typing import checked, checked_dataclass, checks_disabled, checks_enabled

__version__ = "0.1.0"

# public name -> module that defines it (imported lazily by __getattr__)
_LAZY: dict[str, str] = {
    "checked": "plugtrain.typing",
    "checked_dataclass": "plugtrain.typing",
    "checks_disabled": "plugtrain.typing",
    "checks_enabled": "plugtrain.typing",
    "seed_everything": "plugtrain._seed",
}

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
    "seed_everything",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'plugtrain' has no attribute {name!r}")
    value: object = getattr(_import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
