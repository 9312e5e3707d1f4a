from collections.abc import Collection
from typing import Any, Literal

from torch.utils.data import Dataset

__all__ = ['wrap_dataset_for_transforms_v2']

def wrap_dataset_for_transforms_v2(dataset: Dataset[Any], target_keys: Collection[str] | Literal['all'] | None = None) -> Dataset[Any]: ...
