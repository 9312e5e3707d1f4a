import torch
from _typeshed import Incomplete
from torch import Tensor

class ImageList:
    tensors: Incomplete
    image_sizes: Incomplete
    def __init__(self, tensors: Tensor, image_sizes: list[tuple[int, int]]) -> None: ...
    def to(self, device: torch.device) -> ImageList: ...
