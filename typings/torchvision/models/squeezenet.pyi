import torch
import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from typing import Any

__all__ = ['SqueezeNet', 'SqueezeNet1_0_Weights', 'SqueezeNet1_1_Weights', 'squeezenet1_0', 'squeezenet1_1']

class Fire(nn.Module):
    inplanes: Incomplete
    squeeze: Incomplete
    squeeze_activation: Incomplete
    expand1x1: Incomplete
    expand1x1_activation: Incomplete
    expand3x3: Incomplete
    expand3x3_activation: Incomplete
    def __init__(self, inplanes: int, squeeze_planes: int, expand1x1_planes: int, expand3x3_planes: int) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class SqueezeNet(nn.Module):
    num_classes: Incomplete
    features: Incomplete
    classifier: Incomplete
    def __init__(self, version: str = '1_0', num_classes: int = 1000, dropout: float = 0.5) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class SqueezeNet1_0_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class SqueezeNet1_1_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def squeezenet1_0(*, weights: SqueezeNet1_0_Weights | None = None, progress: bool = True, **kwargs: Any) -> SqueezeNet: ...
def squeezenet1_1(*, weights: SqueezeNet1_1_Weights | None = None, progress: bool = True, **kwargs: Any) -> SqueezeNet: ...
