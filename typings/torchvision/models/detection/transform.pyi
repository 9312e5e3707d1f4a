from typing import Any

from torch import Tensor, nn

class GeneralizedRCNNTransform(nn.Module):
    min_size: tuple[int, ...] | list[int]
    max_size: int
    image_mean: list[float]
    image_std: list[float]
    size_divisible: int
    fixed_size: tuple[int, int] | None
    def __init__(
        self,
        min_size: int,
        max_size: int,
        image_mean: list[float],
        image_std: list[float],
        size_divisible: int = 32,
        fixed_size: tuple[int, int] | None = None,
        **kwargs: Any,
    ) -> None: ...
    def normalize(self, image: Tensor) -> Tensor: ...
    def batch_images(self, images: list[Tensor], size_divisible: int = 32) -> Tensor: ...
