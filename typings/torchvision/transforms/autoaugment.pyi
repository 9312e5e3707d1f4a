import torch
from . import InterpolationMode
from _typeshed import Incomplete
from enum import Enum
from torch import Tensor

__all__ = ['AutoAugmentPolicy', 'AutoAugment', 'RandAugment', 'TrivialAugmentWide', 'AugMix']

class AutoAugmentPolicy(Enum):
    IMAGENET = 'imagenet'
    CIFAR10 = 'cifar10'
    SVHN = 'svhn'

class AutoAugment(torch.nn.Module):
    policy: Incomplete
    interpolation: Incomplete
    fill: Incomplete
    policies: Incomplete
    def __init__(self, policy: AutoAugmentPolicy = ..., interpolation: InterpolationMode = ..., fill: list[float] | None = None) -> None: ...
    @staticmethod
    def get_params(transform_num: int) -> tuple[int, Tensor, Tensor]: ...
    def forward(self, img: Tensor) -> Tensor: ...

class RandAugment(torch.nn.Module):
    num_ops: Incomplete
    magnitude: Incomplete
    num_magnitude_bins: Incomplete
    interpolation: Incomplete
    fill: Incomplete
    def __init__(self, num_ops: int = 2, magnitude: int = 9, num_magnitude_bins: int = 31, interpolation: InterpolationMode = ..., fill: list[float] | None = None) -> None: ...
    def forward(self, img: Tensor) -> Tensor: ...

class TrivialAugmentWide(torch.nn.Module):
    num_magnitude_bins: Incomplete
    interpolation: Incomplete
    fill: Incomplete
    def __init__(self, num_magnitude_bins: int = 31, interpolation: InterpolationMode = ..., fill: list[float] | None = None) -> None: ...
    def forward(self, img: Tensor) -> Tensor: ...

class AugMix(torch.nn.Module):
    severity: Incomplete
    mixture_width: Incomplete
    chain_depth: Incomplete
    alpha: Incomplete
    all_ops: Incomplete
    interpolation: Incomplete
    fill: Incomplete
    def __init__(self, severity: int = 3, mixture_width: int = 3, chain_depth: int = -1, alpha: float = 1.0, all_ops: bool = True, interpolation: InterpolationMode = ..., fill: list[float] | None = None) -> None: ...
    def forward(self, orig_img: Tensor) -> Tensor: ...
