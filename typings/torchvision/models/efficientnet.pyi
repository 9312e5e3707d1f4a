from ._api import WeightsEnum
from _typeshed import Incomplete
from collections.abc import Sequence
from dataclasses import dataclass
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['EfficientNet', 'EfficientNet_B0_Weights', 'EfficientNet_B1_Weights', 'EfficientNet_B2_Weights', 'EfficientNet_B3_Weights', 'EfficientNet_B4_Weights', 'EfficientNet_B5_Weights', 'EfficientNet_B6_Weights', 'EfficientNet_B7_Weights', 'EfficientNet_V2_S_Weights', 'EfficientNet_V2_M_Weights', 'EfficientNet_V2_L_Weights', 'efficientnet_b0', 'efficientnet_b1', 'efficientnet_b2', 'efficientnet_b3', 'efficientnet_b4', 'efficientnet_b5', 'efficientnet_b6', 'efficientnet_b7', 'efficientnet_v2_s', 'efficientnet_v2_m', 'efficientnet_v2_l']

@dataclass
class _MBConvConfig:
    expand_ratio: float
    kernel: int
    stride: int
    input_channels: int
    out_channels: int
    num_layers: int
    block: Callable[..., nn.Module]
    @staticmethod
    def adjust_channels(channels: int, width_mult: float, min_value: int | None = None) -> int: ...

class MBConvConfig(_MBConvConfig):
    def __init__(self, expand_ratio: float, kernel: int, stride: int, input_channels: int, out_channels: int, num_layers: int, width_mult: float = 1.0, depth_mult: float = 1.0, block: Callable[..., nn.Module] | None = None) -> None: ...
    @staticmethod
    def adjust_depth(num_layers: int, depth_mult: float): ...

class FusedMBConvConfig(_MBConvConfig):
    def __init__(self, expand_ratio: float, kernel: int, stride: int, input_channels: int, out_channels: int, num_layers: int, block: Callable[..., nn.Module] | None = None) -> None: ...

class MBConv(nn.Module):
    use_res_connect: Incomplete
    block: Incomplete
    stochastic_depth: Incomplete
    out_channels: Incomplete
    def __init__(self, cnf: MBConvConfig, stochastic_depth_prob: float, norm_layer: Callable[..., nn.Module], se_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class FusedMBConv(nn.Module):
    use_res_connect: Incomplete
    block: Incomplete
    stochastic_depth: Incomplete
    out_channels: Incomplete
    def __init__(self, cnf: FusedMBConvConfig, stochastic_depth_prob: float, norm_layer: Callable[..., nn.Module]) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class EfficientNet(nn.Module):
    features: Incomplete
    avgpool: Incomplete
    classifier: Incomplete
    def __init__(self, inverted_residual_setting: Sequence[MBConvConfig | FusedMBConvConfig], dropout: float, stochastic_depth_prob: float = 0.2, num_classes: int = 1000, norm_layer: Callable[..., nn.Module] | None = None, last_channel: int | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class EfficientNet_B0_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_B1_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_V2: Incomplete
    DEFAULT = IMAGENET1K_V2

class EfficientNet_B2_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_B3_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_B4_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_B5_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_B6_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_B7_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_V2_S_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_V2_M_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class EfficientNet_V2_L_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def efficientnet_b0(*, weights: EfficientNet_B0_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b1(*, weights: EfficientNet_B1_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b2(*, weights: EfficientNet_B2_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b3(*, weights: EfficientNet_B3_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b4(*, weights: EfficientNet_B4_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b5(*, weights: EfficientNet_B5_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b6(*, weights: EfficientNet_B6_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_b7(*, weights: EfficientNet_B7_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_v2_s(*, weights: EfficientNet_V2_S_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_v2_m(*, weights: EfficientNet_V2_M_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
def efficientnet_v2_l(*, weights: EfficientNet_V2_L_Weights | None = None, progress: bool = True, **kwargs: Any) -> EfficientNet: ...
