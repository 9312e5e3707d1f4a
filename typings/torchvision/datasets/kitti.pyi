from .utils import download_and_extract_archive as download_and_extract_archive
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class Kitti(VisionDataset):
    data_url: str
    resources: Incomplete
    image_dir_name: str
    labels_dir_name: str
    images: Incomplete
    targets: Incomplete
    train: Incomplete
    def __init__(self, root: str | Path, train: bool = True, transform: Callable | None = None, target_transform: Callable | None = None, transforms: Callable | None = None, download: bool = False) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
