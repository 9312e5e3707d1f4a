import pathlib
from .utils import download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from collections.abc import Sequence as Sequence
from typing import Any, Callable

class OxfordIIITPet(VisionDataset):
    bin_classes: Incomplete
    classes: Incomplete
    bin_class_to_idx: Incomplete
    class_to_idx: Incomplete
    def __init__(self, root: str | pathlib.Path, split: str = 'trainval', target_types: Sequence[str] | str = 'category', transforms: Callable | None = None, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, idx: int) -> tuple[Any, Any]: ...
