from .roi_align import roi_align as roi_align
from _typeshed import Incomplete
from torch import Tensor, nn
from torchvision.ops.boxes import box_area as box_area

def initLevelMapper(k_min: int, k_max: int, canonical_scale: int = 224, canonical_level: int = 4, eps: float = 1e-06): ...

class LevelMapper:
    k_min: Incomplete
    k_max: Incomplete
    s0: Incomplete
    lvl0: Incomplete
    eps: Incomplete
    def __init__(self, k_min: int, k_max: int, canonical_scale: int = 224, canonical_level: int = 4, eps: float = 1e-06) -> None: ...
    def __call__(self, boxlists: list[Tensor]) -> Tensor: ...

class MultiScaleRoIAlign(nn.Module):
    __annotations__: Incomplete
    featmap_names: Incomplete
    sampling_ratio: Incomplete
    output_size: Incomplete
    scales: Incomplete
    map_levels: Incomplete
    canonical_scale: Incomplete
    canonical_level: Incomplete
    def __init__(self, featmap_names: list[str], output_size: int | tuple[int] | list[int], sampling_ratio: int, *, canonical_scale: int = 224, canonical_level: int = 4) -> None: ...
    def forward(self, x: dict[str, Tensor], boxes: list[Tensor], image_shapes: list[tuple[int, int]]) -> Tensor: ...
