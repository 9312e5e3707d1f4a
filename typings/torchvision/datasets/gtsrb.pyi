import pathlib
from .folder import make_dataset as make_dataset
from .utils import download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from typing import Any, Callable

class GTSRB(VisionDataset):
    transform: Incomplete
    target_transform: Incomplete
    def __init__(self, root: str | pathlib.Path, split: str = 'train', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def download(self) -> None: ...
