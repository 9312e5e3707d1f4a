from .utils import download_and_extract_archive as download_and_extract_archive, download_url as download_url, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class SBDataset(VisionDataset):
    url: str
    md5: str
    filename: str
    voc_train_url: str
    voc_split_filename: str
    voc_split_md5: str
    image_set: Incomplete
    mode: Incomplete
    num_classes: int
    images: Incomplete
    masks: Incomplete
    def __init__(self, root: str | Path, image_set: str = 'train', mode: str = 'boundaries', download: bool = False, transforms: Callable | None = None) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def extra_repr(self) -> str: ...
