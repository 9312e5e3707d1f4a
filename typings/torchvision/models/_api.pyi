from collections.abc import Iterable
from enum import Enum
from types import ModuleType
from typing import Any

from torch import nn

# The base of every model's weights enum: members are the subclasses' (their values are
# torchvision's Weights records, which plugtrain never reads).
class WeightsEnum(Enum): ...  # type: ignore[misc]  # no members of its own, as at runtime

def list_models(
    module: ModuleType | None = None,
    include: Iterable[str] | str | None = None,
    exclude: Iterable[str] | str | None = None,
) -> list[str]: ...
def get_model(name: str, **config: Any) -> nn.Module: ...
