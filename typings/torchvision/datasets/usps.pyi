from .utils import download_url as download_url
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class USPS(VisionDataset):
    split_list: Incomplete
    data: Incomplete
    targets: Incomplete
    def __init__(self, root: str | Path, train: bool = True, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
