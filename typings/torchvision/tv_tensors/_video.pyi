import torch
from ._tv_tensor import TVTensor as TVTensor
from typing import Any

class Video(TVTensor):
    def __new__(cls, data: Any, *, dtype: torch.dtype | None = None, device: torch.device | str | int | None = None, requires_grad: bool | None = None) -> Video: ...
