import torch
from .utils import download_url as download_url
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable

class PhotoTour(VisionDataset):
    urls: Incomplete
    means: Incomplete
    stds: Incomplete
    lens: Incomplete
    image_ext: str
    info_file: str
    matches_files: str
    name: Incomplete
    data_dir: Incomplete
    data_down: Incomplete
    data_file: Incomplete
    train: Incomplete
    mean: Incomplete
    std: Incomplete
    def __init__(self, root: str | Path, name: str, train: bool = True, transform: Callable | None = None, download: bool = False) -> None: ...
    def __getitem__(self, index: int) -> torch.Tensor | tuple[Any, Any, torch.Tensor]: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
    def cache(self) -> None: ...
    def extra_repr(self) -> str: ...

def read_image_file(data_dir: str, image_ext: str, n: int) -> torch.Tensor: ...
def read_info_file(data_dir: str, info_file: str) -> torch.Tensor: ...
def read_matches_files(data_dir: str, matches_file: str) -> torch.Tensor: ...
