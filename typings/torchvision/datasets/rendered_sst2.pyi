from .folder import default_loader as default_loader, make_dataset as make_dataset
from .utils import download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path
from typing import Any, Callable

class RenderedSST2(VisionDataset):
    classes: Incomplete
    class_to_idx: Incomplete
    loader: Incomplete
    def __init__(self, root: str | Path, split: str = 'train', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, idx: int) -> tuple[Any, Any]: ...
    def extra_repr(self) -> str: ...
