from .folder import ImageFolder as ImageFolder, default_loader as default_loader
from .utils import download_and_extract_archive as download_and_extract_archive, verify_str_arg as verify_str_arg
from _typeshed import Incomplete
from pathlib import Path
from typing import Any, Callable

class Country211(ImageFolder):
    root: Incomplete
    def __init__(self, root: str | Path, split: str = 'train', transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
