import torch
from .._api import WeightsEnum
from _typeshed import Incomplete
from torch import nn
from typing import Any, Callable

__all__ = ['S3D', 'S3D_Weights', 's3d']

class TemporalSeparableConv(nn.Sequential):
    def __init__(self, in_planes: int, out_planes: int, kernel_size: int, stride: int, padding: int, norm_layer: Callable[..., nn.Module]) -> None: ...

class SepInceptionBlock3D(nn.Module):
    branch0: Incomplete
    branch1: Incomplete
    branch2: Incomplete
    branch3: Incomplete
    def __init__(self, in_planes: int, b0_out: int, b1_mid: int, b1_out: int, b2_mid: int, b2_out: int, b3_out: int, norm_layer: Callable[..., nn.Module]) -> None: ...
    def forward(self, x): ...

class S3D(nn.Module):
    features: Incomplete
    avgpool: Incomplete
    classifier: Incomplete
    def __init__(self, num_classes: int = 400, dropout: float = 0.2, norm_layer: Callable[..., torch.nn.Module] | None = None) -> None: ...
    def forward(self, x): ...

class S3D_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

def s3d(*, weights: S3D_Weights | None = None, progress: bool = True, **kwargs: Any) -> S3D: ...
