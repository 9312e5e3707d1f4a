from .folder import default_loader as default_loader
from .utils import check_integrity as check_integrity, download_and_extract_archive as download_and_extract_archive, download_url as download_url
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class SBU(VisionDataset):
    url: str
    filename: str
    md5_checksum: str
    loader: Incomplete
    photos: Incomplete
    captions: Incomplete
    def __init__(self, root: str | Path, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = True, loader: Callable[[str], Any] = ...) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
