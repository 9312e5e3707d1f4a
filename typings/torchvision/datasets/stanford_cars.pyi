import pathlib
from .folder import default_loader as default_loader
from .utils import verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from typing import Any, Callable

class StanfordCars(VisionDataset):
    classes: Incomplete
    class_to_idx: Incomplete
    loader: Incomplete
    def __init__(self, root: str | pathlib.Path, split: str = 'train', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, idx: int) -> tuple[Any, Any]: ...
    def download(self) -> None: ...
