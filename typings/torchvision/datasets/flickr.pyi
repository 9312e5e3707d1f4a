from .folder import default_loader as default_loader
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from html.parser import HTMLParser
from pathlib import Path as Path
from typing import Any, Callable

class Flickr8kParser(HTMLParser):
    root: Incomplete
    annotations: dict[str, list[str]]
    in_table: bool
    current_tag: str | None
    current_img: str | None
    def __init__(self, root: str | Path) -> None: ...
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None: ...
    def handle_endtag(self, tag: str) -> None: ...
    def handle_data(self, data: str) -> None: ...

class Flickr8k(VisionDataset):
    ann_file: Incomplete
    annotations: Incomplete
    ids: Incomplete
    loader: Incomplete
    def __init__(self, root: str | Path, ann_file: str, transform: Callable | None = None, target_transform: Callable | None = None, loader: Callable[[str], Any] = ...) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...

class Flickr30k(VisionDataset):
    ann_file: Incomplete
    annotations: Incomplete
    ids: Incomplete
    loader: Incomplete
    def __init__(self, root: str, ann_file: str, transform: Callable | None = None, target_transform: Callable | None = None, loader: Callable[[str], Any] = ...) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
