from .utils import download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

CATEGORIES_2021: Incomplete
DATASET_URLS: Incomplete
DATASET_MD5: Incomplete

class INaturalist(VisionDataset):
    version: Incomplete
    all_categories: list[str]
    categories_index: dict[str, dict[str, int]]
    categories_map: list[dict[str, int]]
    target_type: Incomplete
    index: list[tuple[int, str]]
    loader: Incomplete
    def __init__(self, root: str | Path, version: str = '2021_train', target_type: list[str] | str = 'full', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str | Path], Any] | None = None) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def category_name(self, category_type: str, category_id: int) -> str: ...
    def download(self) -> None: ...
