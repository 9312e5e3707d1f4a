from .utils import check_integrity as check_integrity, download_url as download_url
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class SEMEION(VisionDataset):
    url: str
    filename: str
    md5_checksum: str
    data: Incomplete
    labels: Incomplete
    def __init__(self, root: str | Path, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = True) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
