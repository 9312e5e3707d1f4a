import torch
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable, NamedTuple

__all__ = ['Inception3', 'InceptionOutputs', '_InceptionOutputs', 'Inception_V3_Weights', 'inception_v3']

class InceptionOutputs(NamedTuple):
    logits: Incomplete
    aux_logits: Incomplete
_InceptionOutputs = InceptionOutputs

class Inception3(nn.Module):
    aux_logits: Incomplete
    transform_input: Incomplete
    Conv2d_1a_3x3: Incomplete
    Conv2d_2a_3x3: Incomplete
    Conv2d_2b_3x3: Incomplete
    maxpool1: Incomplete
    Conv2d_3b_1x1: Incomplete
    Conv2d_4a_3x3: Incomplete
    maxpool2: Incomplete
    Mixed_5b: Incomplete
    Mixed_5c: Incomplete
    Mixed_5d: Incomplete
    Mixed_6a: Incomplete
    Mixed_6b: Incomplete
    Mixed_6c: Incomplete
    Mixed_6d: Incomplete
    Mixed_6e: Incomplete
    AuxLogits: nn.Module | None
    Mixed_7a: Incomplete
    Mixed_7b: Incomplete
    Mixed_7c: Incomplete
    avgpool: Incomplete
    dropout: Incomplete
    fc: Incomplete
    def __init__(self, num_classes: int = 1000, aux_logits: bool = True, transform_input: bool = False, inception_blocks: list[Callable[..., nn.Module]] | None = None, init_weights: bool | None = None, dropout: float = 0.5) -> None: ...
    @torch.jit.unused
    def eager_outputs(self, x: Tensor, aux: Tensor | None) -> InceptionOutputs: ...
    def forward(self, x: Tensor) -> InceptionOutputs: ...

class InceptionA(nn.Module):
    branch1x1: Incomplete
    branch5x5_1: Incomplete
    branch5x5_2: Incomplete
    branch3x3dbl_1: Incomplete
    branch3x3dbl_2: Incomplete
    branch3x3dbl_3: Incomplete
    branch_pool: Incomplete
    def __init__(self, in_channels: int, pool_features: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class InceptionB(nn.Module):
    branch3x3: Incomplete
    branch3x3dbl_1: Incomplete
    branch3x3dbl_2: Incomplete
    branch3x3dbl_3: Incomplete
    def __init__(self, in_channels: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class InceptionC(nn.Module):
    branch1x1: Incomplete
    branch7x7_1: Incomplete
    branch7x7_2: Incomplete
    branch7x7_3: Incomplete
    branch7x7dbl_1: Incomplete
    branch7x7dbl_2: Incomplete
    branch7x7dbl_3: Incomplete
    branch7x7dbl_4: Incomplete
    branch7x7dbl_5: Incomplete
    branch_pool: Incomplete
    def __init__(self, in_channels: int, channels_7x7: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class InceptionD(nn.Module):
    branch3x3_1: Incomplete
    branch3x3_2: Incomplete
    branch7x7x3_1: Incomplete
    branch7x7x3_2: Incomplete
    branch7x7x3_3: Incomplete
    branch7x7x3_4: Incomplete
    def __init__(self, in_channels: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class InceptionE(nn.Module):
    branch1x1: Incomplete
    branch3x3_1: Incomplete
    branch3x3_2a: Incomplete
    branch3x3_2b: Incomplete
    branch3x3dbl_1: Incomplete
    branch3x3dbl_2: Incomplete
    branch3x3dbl_3a: Incomplete
    branch3x3dbl_3b: Incomplete
    branch_pool: Incomplete
    def __init__(self, in_channels: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class InceptionAux(nn.Module):
    conv0: Incomplete
    conv1: Incomplete
    fc: Incomplete
    def __init__(self, in_channels: int, num_classes: int, conv_block: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class BasicConv2d(nn.Module):
    conv: Incomplete
    bn: Incomplete
    def __init__(self, in_channels: int, out_channels: int, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class Inception_V3_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def inception_v3(*, weights: Inception_V3_Weights | None = None, progress: bool = True, **kwargs: Any) -> Inception3: ...

# Names in __all__ with no definition:
#   InceptionOutputs
