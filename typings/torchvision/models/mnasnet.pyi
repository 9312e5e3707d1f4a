import torch
import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from typing import Any

__all__ = ['MNASNet', 'MNASNet0_5_Weights', 'MNASNet0_75_Weights', 'MNASNet1_0_Weights', 'MNASNet1_3_Weights', 'mnasnet0_5', 'mnasnet0_75', 'mnasnet1_0', 'mnasnet1_3']

class _InvertedResidual(nn.Module):
    apply_residual: Incomplete
    layers: Incomplete
    def __init__(self, in_ch: int, out_ch: int, kernel_size: int, stride: int, expansion_factor: int, bn_momentum: float = 0.1) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class MNASNet(torch.nn.Module):
    alpha: Incomplete
    num_classes: Incomplete
    layers: Incomplete
    classifier: Incomplete
    def __init__(self, alpha: float, num_classes: int = 1000, dropout: float = 0.2) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MNASNet0_5_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class MNASNet0_75_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class MNASNet1_0_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class MNASNet1_3_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def mnasnet0_5(*, weights: MNASNet0_5_Weights | None = None, progress: bool = True, **kwargs: Any) -> MNASNet: ...
def mnasnet0_75(*, weights: MNASNet0_75_Weights | None = None, progress: bool = True, **kwargs: Any) -> MNASNet: ...
def mnasnet1_0(*, weights: MNASNet1_0_Weights | None = None, progress: bool = True, **kwargs: Any) -> MNASNet: ...
def mnasnet1_3(*, weights: MNASNet1_3_Weights | None = None, progress: bool = True, **kwargs: Any) -> MNASNet: ...
