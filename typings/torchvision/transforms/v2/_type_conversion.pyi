import PIL.Image
import numpy as np
import torch
from _typeshed import Incomplete
from torchvision import tv_tensors as tv_tensors
from torchvision.transforms.v2 import Transform as Transform
from torchvision.transforms.v2._utils import is_pure_tensor as is_pure_tensor
from typing import Any

class PILToTensor(Transform):
    def transform(self, inpt: PIL.Image.Image, params: dict[str, Any]) -> torch.Tensor: ...

class ToImage(Transform):
    def transform(self, inpt: torch.Tensor | PIL.Image.Image | np.ndarray, params: dict[str, Any]) -> tv_tensors.Image: ...

class ToPILImage(Transform):
    mode: Incomplete
    def __init__(self, mode: str | None = None) -> None: ...
    def transform(self, inpt: torch.Tensor | PIL.Image.Image | np.ndarray, params: dict[str, Any]) -> PIL.Image.Image: ...

class ToPureTensor(Transform):
    def transform(self, inpt: Any, params: dict[str, Any]) -> torch.Tensor: ...
