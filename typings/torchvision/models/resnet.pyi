import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from typing import Any, Callable

__all__ = ['ResNet', 'ResNet18_Weights', 'ResNet34_Weights', 'ResNet50_Weights', 'ResNet101_Weights', 'ResNet152_Weights', 'ResNeXt50_32X4D_Weights', 'ResNeXt101_32X8D_Weights', 'ResNeXt101_64X4D_Weights', 'Wide_ResNet50_2_Weights', 'Wide_ResNet101_2_Weights', 'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'resnext101_32x8d', 'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2']

class BasicBlock(nn.Module):
    expansion: int
    conv1: Incomplete
    bn1: Incomplete
    relu: Incomplete
    conv2: Incomplete
    bn2: Incomplete
    downsample: Incomplete
    stride: Incomplete
    def __init__(self, inplanes: int, planes: int, stride: int = 1, downsample: nn.Module | None = None, groups: int = 1, base_width: int = 64, dilation: int = 1, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class Bottleneck(nn.Module):
    expansion: int
    conv1: Incomplete
    bn1: Incomplete
    conv2: Incomplete
    bn2: Incomplete
    conv3: Incomplete
    bn3: Incomplete
    relu: Incomplete
    downsample: Incomplete
    stride: Incomplete
    def __init__(self, inplanes: int, planes: int, stride: int = 1, downsample: nn.Module | None = None, groups: int = 1, base_width: int = 64, dilation: int = 1, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ResNet(nn.Module):
    inplanes: int
    dilation: int
    groups: Incomplete
    base_width: Incomplete
    conv1: nn.Conv2d
    bn1: nn.Module
    relu: nn.ReLU
    maxpool: nn.MaxPool2d
    layer1: nn.Sequential
    layer2: nn.Sequential
    layer3: nn.Sequential
    layer4: nn.Sequential
    avgpool: nn.AdaptiveAvgPool2d
    fc: nn.Linear
    def __init__(self, block: type[BasicBlock | Bottleneck], layers: list[int], num_classes: int = 1000, zero_init_residual: bool = False, groups: int = 1, width_per_group: int = 64, replace_stride_with_dilation: list[bool] | None = None, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ResNet18_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ResNet34_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ResNet50_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class ResNet101_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class ResNet152_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class ResNeXt50_32X4D_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class ResNeXt101_32X8D_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class ResNeXt101_64X4D_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class Wide_ResNet50_2_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class Wide_ResNet101_2_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

def resnet18(*, weights: ResNet18_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnet34(*, weights: ResNet34_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnet50(*, weights: ResNet50_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnet101(*, weights: ResNet101_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnet152(*, weights: ResNet152_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnext50_32x4d(*, weights: ResNeXt50_32X4D_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnext101_32x8d(*, weights: ResNeXt101_32X8D_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def resnext101_64x4d(*, weights: ResNeXt101_64X4D_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def wide_resnet50_2(*, weights: Wide_ResNet50_2_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
def wide_resnet101_2(*, weights: Wide_ResNet101_2_Weights | None = None, progress: bool = True, **kwargs: Any) -> ResNet: ...
