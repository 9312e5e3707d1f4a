from .._api import WeightsEnum
from ..mobilenetv3 import MobileNet_V3_Large_Weights
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any

__all__ = ['LRASPP', 'LRASPP_MobileNet_V3_Large_Weights', 'lraspp_mobilenet_v3_large']

class LRASPP(nn.Module):
    backbone: Incomplete
    classifier: Incomplete
    def __init__(self, backbone: nn.Module, low_channels: int, high_channels: int, num_classes: int, inter_channels: int = 128) -> None: ...
    def forward(self, input: Tensor) -> dict[str, Tensor]: ...

class LRASPPHead(nn.Module):
    cbr: Incomplete
    scale: Incomplete
    low_classifier: Incomplete
    high_classifier: Incomplete
    def __init__(self, low_channels: int, high_channels: int, num_classes: int, inter_channels: int) -> None: ...
    def forward(self, input: dict[str, Tensor]) -> Tensor: ...

class LRASPP_MobileNet_V3_Large_Weights(WeightsEnum):
    COCO_WITH_VOC_LABELS_V1: Incomplete
    DEFAULT = COCO_WITH_VOC_LABELS_V1

def lraspp_mobilenet_v3_large(*, weights: LRASPP_MobileNet_V3_Large_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: MobileNet_V3_Large_Weights | None = ..., **kwargs: Any) -> LRASPP: ...
