import torch
from torch import Tensor, nn

class AnchorGenerator(nn.Module):
    # torchvision leaves sizes and aspect_ratios unannotated; a flat tuple is read as one
    # size per level and one set of ratios for all levels (its docstring: Tuple[Tuple[int]]).
    sizes: tuple[tuple[int, ...], ...]
    aspect_ratios: tuple[tuple[float, ...], ...]
    cell_anchors: list[Tensor]
    def __init__(
        self,
        sizes: tuple[tuple[int, ...], ...] | tuple[int, ...] = ...,
        aspect_ratios: tuple[tuple[float, ...], ...] | tuple[float, ...] = ...,
    ) -> None: ...
    def set_cell_anchors(self, dtype: torch.dtype, device: torch.device) -> None: ...
    def grid_anchors(
        self, grid_sizes: list[list[int]], strides: list[list[Tensor]]
    ) -> list[Tensor]: ...
