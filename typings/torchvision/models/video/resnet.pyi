import torch.nn as nn
from .._api import WeightsEnum
from _typeshed import Incomplete
from collections.abc import Sequence
from torch import Tensor
from typing import Any, Callable

__all__ = ['VideoResNet', 'R3D_18_Weights', 'MC3_18_Weights', 'R2Plus1D_18_Weights', 'r3d_18', 'mc3_18', 'r2plus1d_18']

class Conv3DSimple(nn.Conv3d):
    def __init__(self, in_planes: int, out_planes: int, midplanes: int | None = None, stride: int = 1, padding: int = 1) -> None: ...
    @staticmethod
    def get_downsample_stride(stride: int) -> tuple[int, int, int]: ...

class Conv2Plus1D(nn.Sequential):
    def __init__(self, in_planes: int, out_planes: int, midplanes: int, stride: int = 1, padding: int = 1) -> None: ...
    @staticmethod
    def get_downsample_stride(stride: int) -> tuple[int, int, int]: ...

class Conv3DNoTemporal(nn.Conv3d):
    def __init__(self, in_planes: int, out_planes: int, midplanes: int | None = None, stride: int = 1, padding: int = 1) -> None: ...
    @staticmethod
    def get_downsample_stride(stride: int) -> tuple[int, int, int]: ...

class BasicBlock(nn.Module):
    expansion: int
    conv1: Incomplete
    conv2: Incomplete
    relu: Incomplete
    downsample: Incomplete
    stride: Incomplete
    def __init__(self, inplanes: int, planes: int, conv_builder: Callable[..., nn.Module], stride: int = 1, downsample: nn.Module | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class Bottleneck(nn.Module):
    expansion: int
    conv1: Incomplete
    conv2: Incomplete
    conv3: Incomplete
    relu: Incomplete
    downsample: Incomplete
    stride: Incomplete
    def __init__(self, inplanes: int, planes: int, conv_builder: Callable[..., nn.Module], stride: int = 1, downsample: nn.Module | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class BasicStem(nn.Sequential):
    def __init__(self) -> None: ...

class R2Plus1dStem(nn.Sequential):
    def __init__(self) -> None: ...

class VideoResNet(nn.Module):
    inplanes: int
    stem: Incomplete
    layer1: Incomplete
    layer2: Incomplete
    layer3: Incomplete
    layer4: Incomplete
    avgpool: Incomplete
    fc: Incomplete
    def __init__(self, block: type[BasicBlock | Bottleneck], conv_makers: Sequence[type[Conv3DSimple | Conv3DNoTemporal | Conv2Plus1D]], layers: list[int], stem: Callable[..., nn.Module], num_classes: int = 400, zero_init_residual: bool = False) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class R3D_18_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

class MC3_18_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

class R2Plus1D_18_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

def r3d_18(*, weights: R3D_18_Weights | None = None, progress: bool = True, **kwargs: Any) -> VideoResNet: ...
def mc3_18(*, weights: MC3_18_Weights | None = None, progress: bool = True, **kwargs: Any) -> VideoResNet: ...
def r2plus1d_18(*, weights: R2Plus1D_18_Weights | None = None, progress: bool = True, **kwargs: Any) -> VideoResNet: ...
