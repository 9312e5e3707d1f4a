import torch
from ._tv_tensor import TVTensor as TVTensor
from typing import Any

class KeyPoints(TVTensor):
    canvas_size: tuple[int, int]
    def __new__(cls, data: Any, *, canvas_size: tuple[int, int], dtype: torch.dtype | None = None, device: torch.device | str | int | None = None, requires_grad: bool | None = None) -> KeyPoints: ...
