from .. import transforms as transforms
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from typing import Any, Callable

class FakeData(VisionDataset):
    size: Incomplete
    num_classes: Incomplete
    image_size: Incomplete
    random_offset: Incomplete
    def __init__(self, size: int = 1000, image_size: tuple[int, int, int] = (3, 224, 224), num_classes: int = 10, transform: Callable | None = None, target_transform: Callable | None = None, random_offset: int = 0) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
