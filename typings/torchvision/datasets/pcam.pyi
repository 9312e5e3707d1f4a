import pathlib
from .utils import download_file_from_google_drive as download_file_from_google_drive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from typing import Any, Callable

class PCAM(VisionDataset):
    h5py: Incomplete
    def __init__(self, root: str | pathlib.Path, split: str = 'train', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, idx: int) -> tuple[Any, Any]: ...
