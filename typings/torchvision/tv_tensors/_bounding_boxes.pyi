import torch
from ._tv_tensor import TVTensor as TVTensor
from enum import Enum
from typing import Any

class BoundingBoxFormat(Enum):
    XYXY = "XYXY"
    XYWH = "XYWH"
    CXCYWH = "CXCYWH"
    XYWHR = "XYWHR"
    CXCYWHR = "CXCYWHR"
    XYXYXYXY = "XYXYXYXY"

def is_rotated_bounding_format(format: BoundingBoxFormat | str) -> bool: ...
CLAMPING_MODE_TYPE = str | None

class BoundingBoxes(TVTensor):
    format: BoundingBoxFormat
    canvas_size: tuple[int, int]
    clamping_mode: CLAMPING_MODE_TYPE
    def __new__(cls, data: Any, *, format: BoundingBoxFormat | str, canvas_size: tuple[int, int], clamping_mode: CLAMPING_MODE_TYPE = 'soft', dtype: torch.dtype | None = None, device: torch.device | str | int | None = None, requires_grad: bool | None = None) -> BoundingBoxes: ...
