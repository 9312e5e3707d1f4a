from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Literal, TypeVar

from torch.utils.data import Dataset

_T_co = TypeVar("_T_co", covariant=True)
_D = TypeVar("_D", bound=VisionDataset[Any])

class VisionDataset(Dataset[_T_co]):
    def __init__(
        self,
        root: str | Path | None = None,
        transforms: Callable[..., Any] | None = None,
        transform: Callable[..., Any] | None = None,
        target_transform: Callable[..., Any] | None = None,
    ) -> None: ...
    def __getitem__(self, index: int) -> _T_co: ...
    def __len__(self) -> int: ...

class CocoDetection(VisionDataset[tuple[Any, Any]]):
    def __init__(
        self,
        root: str | Path,
        annFile: str,
        transform: Callable[..., Any] | None = None,
        target_transform: Callable[..., Any] | None = None,
        transforms: Callable[..., Any] | None = None,
    ) -> None: ...

# Defined in torchvision.tv_tensors._dataset_wrapper and unannotated there: it raises for a
# dataset that is not a VisionDataset, and returns an instance of a subclass of the
# dataset's own class ("Wrapped" + its name); target_keys is None, "all" or key names.
def wrap_dataset_for_transforms_v2(
    dataset: _D, target_keys: Collection[str] | Literal["all"] | None = None
) -> _D: ...
