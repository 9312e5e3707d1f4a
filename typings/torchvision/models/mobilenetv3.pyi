from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['MobileNetV3', 'MobileNet_V3_Large_Weights', 'MobileNet_V3_Small_Weights', 'mobilenet_v3_large', 'mobilenet_v3_small']

class InvertedResidualConfig:
    input_channels: Incomplete
    kernel: Incomplete
    expanded_channels: Incomplete
    out_channels: Incomplete
    use_se: Incomplete
    use_hs: Incomplete
    stride: Incomplete
    dilation: Incomplete
    def __init__(self, input_channels: int, kernel: int, expanded_channels: int, out_channels: int, use_se: bool, activation: str, stride: int, dilation: int, width_mult: float) -> None: ...
    @staticmethod
    def adjust_channels(channels: int, width_mult: float): ...

class InvertedResidual(nn.Module):
    use_res_connect: Incomplete
    block: Incomplete
    out_channels: Incomplete
    def __init__(self, cnf: InvertedResidualConfig, norm_layer: Callable[..., nn.Module], se_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class MobileNetV3(nn.Module):
    features: Incomplete
    avgpool: Incomplete
    classifier: Incomplete
    def __init__(self, inverted_residual_setting: list[InvertedResidualConfig], last_channel: int, num_classes: int = 1000, block: Callable[..., nn.Module] | None = None, norm_layer: Callable[..., nn.Module] | None = None, dropout: float = 0.2, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MobileNet_V3_Large_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class MobileNet_V3_Small_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def mobilenet_v3_large(*, weights: MobileNet_V3_Large_Weights | None = None, progress: bool = True, **kwargs: Any) -> MobileNetV3: ...
def mobilenet_v3_small(*, weights: MobileNet_V3_Small_Weights | None = None, progress: bool = True, **kwargs: Any) -> MobileNetV3: ...
