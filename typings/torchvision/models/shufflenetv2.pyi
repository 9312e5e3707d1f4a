import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from typing import Any, Callable

__all__ = ['ShuffleNetV2', 'ShuffleNet_V2_X0_5_Weights', 'ShuffleNet_V2_X1_0_Weights', 'ShuffleNet_V2_X1_5_Weights', 'ShuffleNet_V2_X2_0_Weights', 'shufflenet_v2_x0_5', 'shufflenet_v2_x1_0', 'shufflenet_v2_x1_5', 'shufflenet_v2_x2_0']

class InvertedResidual(nn.Module):
    stride: Incomplete
    branch1: Incomplete
    branch2: Incomplete
    def __init__(self, inp: int, oup: int, stride: int) -> None: ...
    @staticmethod
    def depthwise_conv(i: int, o: int, kernel_size: int, stride: int = 1, padding: int = 0, bias: bool = False) -> nn.Conv2d: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ShuffleNetV2(nn.Module):
    conv1: Incomplete
    maxpool: Incomplete
    stage2: nn.Sequential
    stage3: nn.Sequential
    stage4: nn.Sequential
    conv5: Incomplete
    fc: Incomplete
    def __init__(self, stages_repeats: list[int], stages_out_channels: list[int], num_classes: int = 1000, inverted_residual: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ShuffleNet_V2_X0_5_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ShuffleNet_V2_X1_0_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ShuffleNet_V2_X1_5_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ShuffleNet_V2_X2_0_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def shufflenet_v2_x0_5(*, weights: ShuffleNet_V2_X0_5_Weights | None = None, progress: bool = True, **kwargs: Any) -> ShuffleNetV2: ...
def shufflenet_v2_x1_0(*, weights: ShuffleNet_V2_X1_0_Weights | None = None, progress: bool = True, **kwargs: Any) -> ShuffleNetV2: ...
def shufflenet_v2_x1_5(*, weights: ShuffleNet_V2_X1_5_Weights | None = None, progress: bool = True, **kwargs: Any) -> ShuffleNetV2: ...
def shufflenet_v2_x2_0(*, weights: ShuffleNet_V2_X2_0_Weights | None = None, progress: bool = True, **kwargs: Any) -> ShuffleNetV2: ...
