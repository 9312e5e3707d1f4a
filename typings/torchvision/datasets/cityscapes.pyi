from .utils import extract_archive as extract_archive, iterable_to_str as iterable_to_str, verify_str_arg as verify_str_arg
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from typing import Any, Callable, NamedTuple

class Cityscapes(VisionDataset):
    class CityscapesClass(NamedTuple):
        name: Incomplete
        id: Incomplete
        train_id: Incomplete
        category: Incomplete
        category_id: Incomplete
        has_instances: Incomplete
        ignore_in_eval: Incomplete
        color: Incomplete
    classes: Incomplete
    mode: Incomplete
    images_dir: Incomplete
    targets_dir: Incomplete
    target_type: Incomplete
    split: Incomplete
    images: Incomplete
    targets: Incomplete
    def __init__(self, root: str | Path, split: str = 'train', mode: str = 'fine', target_type: list[str] | str = 'instance', transform: Callable | None = None, target_transform: Callable | None = None, transforms: Callable | None = None) -> None: ...
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    def __len__(self) -> int: ...
    def extra_repr(self) -> str: ...
