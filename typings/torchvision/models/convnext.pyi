from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['ConvNeXt', 'ConvNeXt_Tiny_Weights', 'ConvNeXt_Small_Weights', 'ConvNeXt_Base_Weights', 'ConvNeXt_Large_Weights', 'convnext_tiny', 'convnext_small', 'convnext_base', 'convnext_large']

class LayerNorm2d(nn.LayerNorm):
    def forward(self, x: Tensor) -> Tensor: ...

class CNBlock(nn.Module):
    block: Incomplete
    layer_scale: Incomplete
    stochastic_depth: Incomplete
    def __init__(self, dim, layer_scale: float, stochastic_depth_prob: float, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class CNBlockConfig:
    input_channels: Incomplete
    out_channels: Incomplete
    num_layers: Incomplete
    def __init__(self, input_channels: int, out_channels: int | None, num_layers: int) -> None: ...

class ConvNeXt(nn.Module):
    features: Incomplete
    avgpool: Incomplete
    classifier: Incomplete
    def __init__(self, block_setting: list[CNBlockConfig], stochastic_depth_prob: float = 0.0, layer_scale: float = 1e-06, num_classes: int = 1000, block: Callable[..., nn.Module] | None = None, norm_layer: Callable[..., nn.Module] | None = None, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ConvNeXt_Tiny_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ConvNeXt_Small_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ConvNeXt_Base_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ConvNeXt_Large_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def convnext_tiny(*, weights: ConvNeXt_Tiny_Weights | None = None, progress: bool = True, **kwargs: Any) -> ConvNeXt: ...
def convnext_small(*, weights: ConvNeXt_Small_Weights | None = None, progress: bool = True, **kwargs: Any) -> ConvNeXt: ...
def convnext_base(*, weights: ConvNeXt_Base_Weights | None = None, progress: bool = True, **kwargs: Any) -> ConvNeXt: ...
def convnext_large(*, weights: ConvNeXt_Large_Weights | None = None, progress: bool = True, **kwargs: Any) -> ConvNeXt: ...
