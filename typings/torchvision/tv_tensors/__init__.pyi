# Names torchvision defines in private modules (_tv_tensor, _bounding_boxes, _image) are
# stubbed here, where torchvision exports them.
from enum import Enum
from typing import Any

import torch

class TVTensor(torch.Tensor):
    # Properties at runtime (read without __torch_function__); torchvision's source overrides
    # Tensor's attributes with them the same way, under the same ignore.
    @property
    def shape(self) -> torch.Size: ...  # type: ignore[override]
    @property
    def ndim(self) -> int: ...  # type: ignore[override]
    @property
    def device(self) -> torch.device: ...  # type: ignore[override]
    @property
    def dtype(self) -> torch.dtype: ...  # type: ignore[override]

class BoundingBoxFormat(Enum):
    XYXY = "XYXY"
    XYWH = "XYWH"
    CXCYWH = "CXCYWH"
    XYWHR = "XYWHR"
    CXCYWHR = "CXCYWHR"
    XYXYXYXY = "XYXYXYXY"

class BoundingBoxes(TVTensor):
    format: BoundingBoxFormat
    canvas_size: tuple[int, int]
    clamping_mode: str | None
    def __new__(
        cls,
        data: Any,
        *,
        format: BoundingBoxFormat | str,
        canvas_size: tuple[int, int],
        clamping_mode: str | None = "soft",
        dtype: torch.dtype | None = None,
        device: torch.device | str | int | None = None,
        requires_grad: bool | None = None,
    ) -> BoundingBoxes: ...
    # Tensor's stub declares __init__ overloads of its own; at runtime __init__ is Tensor's,
    # which ignores the arguments __new__ takes.
    def __init__(
        self,
        data: Any,
        *,
        format: BoundingBoxFormat | str,
        canvas_size: tuple[int, int],
        clamping_mode: str | None = "soft",
        dtype: torch.dtype | None = None,
        device: torch.device | str | int | None = None,
        requires_grad: bool | None = None,
    ) -> None: ...

class Image(TVTensor):
    def __new__(
        cls,
        data: Any,
        *,
        dtype: torch.dtype | None = None,
        device: torch.device | str | int | None = None,
        requires_grad: bool | None = None,
    ) -> Image: ...
    # as BoundingBoxes.__init__
    def __init__(
        self,
        data: Any,
        *,
        dtype: torch.dtype | None = None,
        device: torch.device | str | int | None = None,
        requires_grad: bool | None = None,
    ) -> None: ...
