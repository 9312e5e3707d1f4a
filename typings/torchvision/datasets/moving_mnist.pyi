import torch
from _typeshed import Incomplete
from pathlib import Path as Path
from torchvision.datasets.utils import download_url as download_url, verify_str_arg as verify_str_arg
from torchvision.datasets.vision import VisionDataset as VisionDataset
from typing import Callable

class MovingMNIST(VisionDataset):
    split: Incomplete
    split_ratio: Incomplete
    data: Incomplete
    def __init__(self, root: str | Path, split: str | None = None, split_ratio: int = 10, download: bool = False, transform: Callable | None = None) -> None: ...
    def __getitem__(self, idx: int) -> torch.Tensor: ...
    def __len__(self) -> int: ...
    def download(self) -> None: ...
