from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['MobileNetV2', 'MobileNet_V2_Weights', 'mobilenet_v2']

class InvertedResidual(nn.Module):
    stride: Incomplete
    use_res_connect: Incomplete
    conv: Incomplete
    out_channels: Incomplete
    def __init__(self, inp: int, oup: int, stride: int, expand_ratio: int, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MobileNetV2(nn.Module):
    last_channel: Incomplete
    features: Incomplete
    classifier: Incomplete
    def __init__(self, num_classes: int = 1000, width_mult: float = 1.0, inverted_residual_setting: list[list[int]] | None = None, round_nearest: int = 8, block: Callable[..., nn.Module] | None = None, norm_layer: Callable[..., nn.Module] | None = None, dropout: float = 0.2) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MobileNet_V2_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

def mobilenet_v2(*, weights: MobileNet_V2_Weights | None = None, progress: bool = True, **kwargs: Any) -> MobileNetV2: ...
