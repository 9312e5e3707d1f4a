import PIL.Image
import numpy as np
import torch
from torchvision.transforms.v2 import Transform as Transform
from typing import Any

class ToTensor(Transform):
    def __init__(self) -> None: ...
    def transform(self, inpt: PIL.Image.Image | np.ndarray, params: dict[str, Any]) -> torch.Tensor: ...
