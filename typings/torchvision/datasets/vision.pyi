import torch.utils.data as data
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable, TypeVar

T_co = TypeVar('T_co', covariant=True)

class VisionDataset(data.Dataset[T_co]):
    root: Incomplete
    transform: Incomplete
    target_transform: Incomplete
    transforms: Incomplete
    def __init__(self, root: str | Path | None = None, transforms: Callable | None = None, transform: Callable | None = None, target_transform: Callable | None = None) -> None: ...
    def __getitem__(self, index: int) -> T_co: ...
    def __len__(self) -> int: ...
    def extra_repr(self) -> str: ...

class StandardTransform:
    transform: Incomplete
    target_transform: Incomplete
    def __init__(self, transform: Callable | None = None, target_transform: Callable | None = None) -> None: ...
    def __call__(self, input: Any, target: Any) -> tuple[Any, Any]: ...
