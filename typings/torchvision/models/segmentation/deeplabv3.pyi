import torch
from .._api import WeightsEnum
from ..mobilenetv3 import MobileNet_V3_Large_Weights
from ..resnet import ResNet101_Weights, ResNet50_Weights
from ._utils import _SimpleSegmentationModel
from _typeshed import Incomplete
from collections.abc import Sequence
from torch import nn
from typing import Any

__all__ = ['DeepLabV3', 'DeepLabV3_ResNet50_Weights', 'DeepLabV3_ResNet101_Weights', 'DeepLabV3_MobileNet_V3_Large_Weights', 'deeplabv3_mobilenet_v3_large', 'deeplabv3_resnet50', 'deeplabv3_resnet101']

class DeepLabV3(_SimpleSegmentationModel): ...

class DeepLabHead(nn.Sequential):
    def __init__(self, in_channels: int, num_classes: int, atrous_rates: Sequence[int] = (12, 24, 36)) -> None: ...

class ASPPConv(nn.Sequential):
    def __init__(self, in_channels: int, out_channels: int, dilation: int) -> None: ...

class ASPPPooling(nn.Sequential):
    def __init__(self, in_channels: int, out_channels: int) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class ASPP(nn.Module):
    convs: Incomplete
    project: Incomplete
    def __init__(self, in_channels: int, atrous_rates: Sequence[int], out_channels: int = 256) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class DeepLabV3_ResNet50_Weights(WeightsEnum):
    COCO_WITH_VOC_LABELS_V1: Incomplete
    DEFAULT = COCO_WITH_VOC_LABELS_V1

class DeepLabV3_ResNet101_Weights(WeightsEnum):
    COCO_WITH_VOC_LABELS_V1: Incomplete
    DEFAULT = COCO_WITH_VOC_LABELS_V1

class DeepLabV3_MobileNet_V3_Large_Weights(WeightsEnum):
    COCO_WITH_VOC_LABELS_V1: Incomplete
    DEFAULT = COCO_WITH_VOC_LABELS_V1

def deeplabv3_resnet50(*, weights: DeepLabV3_ResNet50_Weights | None = None, progress: bool = True, num_classes: int | None = None, aux_loss: bool | None = None, weights_backbone: ResNet50_Weights | None = ..., **kwargs: Any) -> DeepLabV3: ...
def deeplabv3_resnet101(*, weights: DeepLabV3_ResNet101_Weights | None = None, progress: bool = True, num_classes: int | None = None, aux_loss: bool | None = None, weights_backbone: ResNet101_Weights | None = ..., **kwargs: Any) -> DeepLabV3: ...
def deeplabv3_mobilenet_v3_large(*, weights: DeepLabV3_MobileNet_V3_Large_Weights | None = None, progress: bool = True, num_classes: int | None = None, aux_loss: bool | None = None, weights_backbone: MobileNet_V3_Large_Weights | None = ..., **kwargs: Any) -> DeepLabV3: ...
