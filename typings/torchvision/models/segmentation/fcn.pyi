from .._api import WeightsEnum
from ..resnet import ResNet101_Weights, ResNet50_Weights
from ._utils import _SimpleSegmentationModel
from _typeshed import Incomplete
from torch import nn
from typing import Any

__all__ = ['FCN', 'FCN_ResNet50_Weights', 'FCN_ResNet101_Weights', 'fcn_resnet50', 'fcn_resnet101']

class FCN(_SimpleSegmentationModel): ...

class FCNHead(nn.Sequential):
    def __init__(self, in_channels: int, channels: int) -> None: ...

class FCN_ResNet50_Weights(WeightsEnum):
    COCO_WITH_VOC_LABELS_V1: Incomplete
    DEFAULT = COCO_WITH_VOC_LABELS_V1

class FCN_ResNet101_Weights(WeightsEnum):
    COCO_WITH_VOC_LABELS_V1: Incomplete
    DEFAULT = COCO_WITH_VOC_LABELS_V1

def fcn_resnet50(*, weights: FCN_ResNet50_Weights | None = None, progress: bool = True, num_classes: int | None = None, aux_loss: bool | None = None, weights_backbone: ResNet50_Weights | None = ..., **kwargs: Any) -> FCN: ...
def fcn_resnet101(*, weights: FCN_ResNet101_Weights | None = None, progress: bool = True, num_classes: int | None = None, aux_loss: bool | None = None, weights_backbone: ResNet101_Weights | None = ..., **kwargs: Any) -> FCN: ...
