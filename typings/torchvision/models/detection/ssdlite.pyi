from .._api import WeightsEnum
from ..mobilenetv3 import MobileNet_V3_Large_Weights
from .ssd import SSD, SSDScoringHead
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['SSDLite320_MobileNet_V3_Large_Weights', 'ssdlite320_mobilenet_v3_large']

class SSDLiteHead(nn.Module):
    classification_head: Incomplete
    regression_head: Incomplete
    def __init__(self, in_channels: list[int], num_anchors: list[int], num_classes: int, norm_layer: Callable[..., nn.Module]) -> None: ...
    def forward(self, x: list[Tensor]) -> dict[str, Tensor]: ...

class SSDLiteClassificationHead(SSDScoringHead):
    def __init__(self, in_channels: list[int], num_anchors: list[int], num_classes: int, norm_layer: Callable[..., nn.Module]) -> None: ...

class SSDLiteRegressionHead(SSDScoringHead):
    def __init__(self, in_channels: list[int], num_anchors: list[int], norm_layer: Callable[..., nn.Module]) -> None: ...

class SSDLiteFeatureExtractorMobileNet(nn.Module):
    features: Incomplete
    extra: Incomplete
    def __init__(self, backbone: nn.Module, c4_pos: int, norm_layer: Callable[..., nn.Module], width_mult: float = 1.0, min_depth: int = 16) -> None: ...
    def forward(self, x: Tensor) -> dict[str, Tensor]: ...

class SSDLite320_MobileNet_V3_Large_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

def ssdlite320_mobilenet_v3_large(*, weights: SSDLite320_MobileNet_V3_Large_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: MobileNet_V3_Large_Weights | None = ..., trainable_backbone_layers: int | None = None, norm_layer: Callable[..., nn.Module] | None = None, **kwargs: Any) -> SSD: ...
