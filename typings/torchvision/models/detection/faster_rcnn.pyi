from .._api import WeightsEnum
from ..mobilenetv3 import MobileNet_V3_Large_Weights
from ..resnet import ResNet50_Weights
from .generalized_rcnn import GeneralizedRCNN
from _typeshed import Incomplete
from torch import nn
from typing import Any, Callable

__all__ = ['FasterRCNN', 'FasterRCNN_ResNet50_FPN_Weights', 'FasterRCNN_ResNet50_FPN_V2_Weights', 'FasterRCNN_MobileNet_V3_Large_FPN_Weights', 'FasterRCNN_MobileNet_V3_Large_320_FPN_Weights', 'fasterrcnn_resnet50_fpn', 'fasterrcnn_resnet50_fpn_v2', 'fasterrcnn_mobilenet_v3_large_fpn', 'fasterrcnn_mobilenet_v3_large_320_fpn']

class FasterRCNN(GeneralizedRCNN):
    def __init__(self, backbone, num_classes=None, min_size: int = 800, max_size: int = 1333, image_mean=None, image_std=None, rpn_anchor_generator=None, rpn_head=None, rpn_pre_nms_top_n_train: int = 2000, rpn_pre_nms_top_n_test: int = 1000, rpn_post_nms_top_n_train: int = 2000, rpn_post_nms_top_n_test: int = 1000, rpn_nms_thresh: float = 0.7, rpn_fg_iou_thresh: float = 0.7, rpn_bg_iou_thresh: float = 0.3, rpn_batch_size_per_image: int = 256, rpn_positive_fraction: float = 0.5, rpn_score_thresh: float = 0.0, box_roi_pool=None, box_head=None, box_predictor=None, box_score_thresh: float = 0.05, box_nms_thresh: float = 0.5, box_detections_per_img: int = 100, box_fg_iou_thresh: float = 0.5, box_bg_iou_thresh: float = 0.5, box_batch_size_per_image: int = 512, box_positive_fraction: float = 0.25, bbox_reg_weights=None, **kwargs) -> None: ...

class TwoMLPHead(nn.Module):
    fc6: Incomplete
    fc7: Incomplete
    def __init__(self, in_channels, representation_size) -> None: ...
    def forward(self, x): ...

class FastRCNNConvFCHead(nn.Sequential):
    def __init__(self, input_size: tuple[int, int, int], conv_layers: list[int], fc_layers: list[int], norm_layer: Callable[..., nn.Module] | None = None) -> None: ...

class FastRCNNPredictor(nn.Module):
    cls_score: Incomplete
    bbox_pred: Incomplete
    def __init__(self, in_channels, num_classes) -> None: ...
    def forward(self, x): ...

class FasterRCNN_ResNet50_FPN_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

class FasterRCNN_ResNet50_FPN_V2_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

class FasterRCNN_MobileNet_V3_Large_FPN_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

class FasterRCNN_MobileNet_V3_Large_320_FPN_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

def fasterrcnn_resnet50_fpn(*, weights: FasterRCNN_ResNet50_FPN_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: ResNet50_Weights | None = ..., trainable_backbone_layers: int | None = None, **kwargs: Any) -> FasterRCNN: ...
def fasterrcnn_resnet50_fpn_v2(*, weights: FasterRCNN_ResNet50_FPN_V2_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: ResNet50_Weights | None = None, trainable_backbone_layers: int | None = None, **kwargs: Any) -> FasterRCNN: ...
def fasterrcnn_mobilenet_v3_large_320_fpn(*, weights: FasterRCNN_MobileNet_V3_Large_320_FPN_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: MobileNet_V3_Large_Weights | None = ..., trainable_backbone_layers: int | None = None, **kwargs: Any) -> FasterRCNN: ...
def fasterrcnn_mobilenet_v3_large_fpn(*, weights: FasterRCNN_MobileNet_V3_Large_FPN_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: MobileNet_V3_Large_Weights | None = ..., trainable_backbone_layers: int | None = None, **kwargs: Any) -> FasterRCNN: ...
