from .utils import check_integrity as check_integrity, download_url as download_url, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class SVHN(VisionDataset):
    split_list: Incomplete
    split: Incomplete
    url: Incomplete
    filename: Incomplete
    file_md5: Incomplete
    data: Incomplete
    labels: Incomplete
    def __init__(self, root: str | Path, split: str = 'train', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
    def extra_repr(self) -> str: ...
