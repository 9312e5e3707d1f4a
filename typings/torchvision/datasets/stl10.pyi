import numpy as np
from .utils import check_integrity as check_integrity, download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class STL10(VisionDataset):
    base_folder: str
    url: str
    filename: str
    tgz_md5: str
    class_names_file: str
    folds_list_file: str
    train_list: Incomplete
    test_list: Incomplete
    splits: Incomplete
    split: Incomplete
    folds: Incomplete
    labels: np.ndarray | None
    data: Incomplete
    classes: Incomplete
    def __init__(self, root: str | Path, split: str = 'train', folds: int | None = None, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
    def extra_repr(self) -> str: ...
