from torch import Tensor

class ImageList:
    tensors: Tensor
    image_sizes: list[tuple[int, int]]
    def __init__(self, tensors: Tensor, image_sizes: list[tuple[int, int]]) -> None: ...
