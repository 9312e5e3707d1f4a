from .folder import ImageFolder as ImageFolder, default_loader as default_loader
from .utils import download_and_extract_archive as download_and_extract_archive
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class EuroSAT(ImageFolder):
    root: Incomplete
    def __init__(self, root: str | Path, transform: Callable | None = None, target_transform: Callable | None = None, download: bool = False, loader: Callable[[str], Any] = ...) -> None: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
