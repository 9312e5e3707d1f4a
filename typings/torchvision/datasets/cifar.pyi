from .utils import check_integrity as check_integrity, download_and_extract_archive as download_and_extract_archive
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class CIFAR10(VisionDataset):
    base_folder: str
    url: str
    filename: str
    tgz_md5: str
    train_list: Incomplete
    test_list: Incomplete
    meta: Incomplete
    train: Incomplete
    data: Any
    targets: Incomplete
    def __init__(self, root: str | Path, train: bool = True, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
    def extra_repr(self) -> str: ...

class CIFAR100(CIFAR10):
    base_folder: str
    url: str
    filename: str
    tgz_md5: str
    train_list: Incomplete
    test_list: Incomplete
    meta: Incomplete
