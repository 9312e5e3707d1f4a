from .utils import check_integrity as check_integrity, download_and_extract_archive as download_and_extract_archive, list_dir as list_dir, list_files as list_files
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class Omniglot(VisionDataset):
    folder: str
    download_url_prefix: str
    zips_md5: Incomplete
    background: Incomplete
    target_folder: Incomplete
    loader: Incomplete
    def __init__(self, root: str | Path, background: bool = True, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str | Path], Any] | None = None) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def download(self) -> None: ...
