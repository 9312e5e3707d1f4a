from .utils import check_integrity as check_integrity, download_file_from_google_drive as download_file_from_google_drive, extract_archive as extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable, NamedTuple

class CSV(NamedTuple):
    header: Incomplete
    index: Incomplete
    data: Incomplete

class CelebA(VisionDataset):
    base_folder: str
    file_list: Incomplete
    split: Incomplete
    target_type: Incomplete
    filename: Incomplete
    identity: Incomplete
    bbox: Incomplete
    landmarks_align: Incomplete
    attr: Incomplete
    attr_names: Incomplete
    def __init__(self, root: str | Path, split: str = 'train', target_type: list[str] | str = 'attr', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def download(self) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def extra_repr(self) -> str: ...
