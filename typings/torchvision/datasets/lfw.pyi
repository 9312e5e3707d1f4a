from .folder import default_loader as default_loader
from .utils import check_integrity as check_integrity, download_and_extract_archive as download_and_extract_archive, download_url as download_url, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class _LFW(VisionDataset):
    base_folder: str
    download_url_prefix: str
    file_dict: Incomplete
    checksums: Incomplete
    annot_file: Incomplete
    names: str
    image_set: Incomplete
    view: Incomplete
    split: Incomplete
    labels_file: Incomplete
    data: list[Any]
    images_dir: Incomplete
    def __init__(self, root: str | Path, split: str, image_set: str, view: str, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
    def download(self) -> None: ...
    def extra_repr(self) -> str: ...
    def __len__(self) -> int: ...

class LFWPeople(_LFW):
    class_to_idx: Incomplete
    def __init__(self, root: str, split: str = '10fold', image_set: str = 'funneled', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def extra_repr(self) -> str: ...

class LFWPairs(_LFW):
    def __init__(self, root: str, split: str = '10fold', image_set: str = 'funneled', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any, int]: ...
