import torch
import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from typing import Any

__all__ = ['DenseNet', 'DenseNet121_Weights', 'DenseNet161_Weights', 'DenseNet169_Weights', 'DenseNet201_Weights', 'densenet121', 'densenet161', 'densenet169', 'densenet201']

class _DenseLayer(nn.Module):
    norm1: Incomplete
    relu1: Incomplete
    conv1: Incomplete
    norm2: Incomplete
    relu2: Incomplete
    conv2: Incomplete
    drop_rate: Incomplete
    memory_efficient: Incomplete
    def __init__(self, num_input_features: int, growth_rate: int, bn_size: int, drop_rate: float, memory_efficient: bool = False) -> None: ...
    def bn_function(self, inputs: list[Tensor]) -> Tensor: ...
    def any_requires_grad(self, input: list[Tensor]) -> bool: ...
    @torch.jit.unused
    def call_checkpoint_bottleneck(self, input: list[Tensor]) -> Tensor: ...
    def forward(self, input: list[Tensor] | Tensor) -> Tensor: ...

class _DenseBlock(nn.ModuleDict):
    def __init__(self, num_layers: int, num_input_features: int, bn_size: int, growth_rate: int, drop_rate: float, memory_efficient: bool = False) -> None: ...
    def forward(self, init_features: Tensor) -> Tensor: ...

class _Transition(nn.Sequential):
    norm: Incomplete
    relu: Incomplete
    conv: Incomplete
    pool: Incomplete
    def __init__(self, num_input_features: int, num_output_features: int) -> None: ...

class DenseNet(nn.Module):
    features: Incomplete
    classifier: Incomplete
    def __init__(self, growth_rate: int = 32, block_config: tuple[int, int, int, int] = (6, 12, 24, 16), num_init_features: int = 64, bn_size: int = 4, drop_rate: float = 0, num_classes: int = 1000, memory_efficient: bool = False) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class DenseNet121_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class DenseNet161_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class DenseNet169_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class DenseNet201_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def densenet121(*, weights: DenseNet121_Weights | None = None, progress: bool = True, **kwargs: Any) -> DenseNet: ...
def densenet161(*, weights: DenseNet161_Weights | None = None, progress: bool = True, **kwargs: Any) -> DenseNet: ...
def densenet169(*, weights: DenseNet169_Weights | None = None, progress: bool = True, **kwargs: Any) -> DenseNet: ...
def densenet201(*, weights: DenseNet201_Weights | None = None, progress: bool = True, **kwargs: Any) -> DenseNet: ...
