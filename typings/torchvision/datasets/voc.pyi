from .utils import download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable
from xml.etree.ElementTree import Element as ET_Element

DATASET_YEAR_DICT: Incomplete

class _VOCBase(VisionDataset):
    year: Incomplete
    image_set: Incomplete
    url: Incomplete
    filename: Incomplete
    md5: Incomplete
    images: Incomplete
    targets: Incomplete
    def __init__(self, root: str | Path, year: str = '2012', image_set: str = 'train', download: bool = False, transform: Callable | None = None, target_transform: Callable | None = None, transforms: Callable | None = None) -> None: ...
    def __len__(self) -> int: ...

class VOCSegmentation(_VOCBase):
    @property
    def masks(self) -> list[str]: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...

class VOCDetection(_VOCBase):
    @property
    def annotations(self) -> list[str]: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    @staticmethod
    def parse_voc_xml(node: ET_Element) -> dict[str, Any]: ...
