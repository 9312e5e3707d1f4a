import torch
import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from typing import Any, Callable, NamedTuple

__all__ = ['GoogLeNet', 'GoogLeNetOutputs', '_GoogLeNetOutputs', 'GoogLeNet_Weights', 'googlenet']

class GoogLeNetOutputs(NamedTuple):
    logits: Incomplete
    aux_logits2: Incomplete
    aux_logits1: Incomplete
_GoogLeNetOutputs = GoogLeNetOutputs

class GoogLeNet(nn.Module):
    __constants__: Incomplete
    aux_logits: Incomplete
    transform_input: Incomplete
    conv1: Incomplete
    maxpool1: Incomplete
    conv2: Incomplete
    conv3: Incomplete
    maxpool2: Incomplete
    inception3a: Incomplete
    inception3b: Incomplete
    maxpool3: Incomplete
    inception4a: Incomplete
    inception4b: Incomplete
    inception4c: Incomplete
    inception4d: Incomplete
    inception4e: Incomplete
    maxpool4: Incomplete
    inception5a: Incomplete
    inception5b: Incomplete
    aux1: Incomplete
    aux2: Incomplete
    avgpool: Incomplete
    dropout: Incomplete
    fc: Incomplete
    def __init__(self, num_classes: int = 1000, aux_logits: bool = True, transform_input: bool = False, init_weights: bool | None = None, blocks: list[Callable[..., nn.Module]] | None = None, dropout: float = 0.2, dropout_aux: float = 0.7) -> None: ...
    @torch.jit.unused
    def eager_outputs(self, x: Tensor, aux2: Tensor, aux1: Tensor | None) -> GoogLeNetOutputs: ...
    def forward(self, x: Tensor) -> GoogLeNetOutputs: ...

class Inception(nn.Module):
    branch1: Incomplete
    branch2: Incomplete
    branch3: Incomplete
    branch4: Incomplete
    def __init__(self, in_channels: int, ch1x1: int, ch3x3red: int, ch3x3: int, ch5x5red: int, ch5x5: int, pool_proj: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class InceptionAux(nn.Module):
    conv: Incomplete
    fc1: Incomplete
    fc2: Incomplete
    dropout: Incomplete
    def __init__(self, in_channels: int, num_classes: int, conv_block: Callable[..., nn.Module] | None = None, dropout: float = 0.7) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class BasicConv2d(nn.Module):
    conv: Incomplete
    bn: Incomplete
    def __init__(self, in_channels: int, out_channels: int, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class GoogLeNet_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def googlenet(*, weights: GoogLeNet_Weights | None = None, progress: bool = True, **kwargs: Any) -> GoogLeNet: ...

# Names in __all__ with no definition:
#   GoogLeNetOutputs
