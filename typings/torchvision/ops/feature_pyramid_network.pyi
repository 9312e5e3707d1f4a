from ..ops.misc import Conv2dNormActivation as Conv2dNormActivation
from torch import Tensor, nn
from typing import Callable

class ExtraFPNBlock(nn.Module):
    def forward(self, results: list[Tensor], x: list[Tensor], names: list[str]) -> tuple[list[Tensor], list[str]]: ...

class FeaturePyramidNetwork(nn.Module):
    inner_blocks: nn.ModuleList
    layer_blocks: nn.ModuleList
    extra_blocks: ExtraFPNBlock | None
    def __init__(self, in_channels_list: list[int], out_channels: int, extra_blocks: ExtraFPNBlock | None = None, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def get_result_from_inner_blocks(self, x: Tensor, idx: int) -> Tensor: ...
    def get_result_from_layer_blocks(self, x: Tensor, idx: int) -> Tensor: ...
    def forward(self, x: dict[str, Tensor]) -> dict[str, Tensor]: ...

class LastLevelMaxPool(ExtraFPNBlock):
    def forward(self, x: list[Tensor], y: list[Tensor], names: list[str]) -> tuple[list[Tensor], list[str]]: ...  # type: ignore[override]  # torchvision's own signature differs from its base

class LastLevelP6P7(ExtraFPNBlock):
    p6: nn.Conv2d
    p7: nn.Conv2d
    use_P5: bool
    def __init__(self, in_channels: int, out_channels: int) -> None: ...
    def forward(self, p: list[Tensor], c: list[Tensor], names: list[str]) -> tuple[list[Tensor], list[str]]: ...
