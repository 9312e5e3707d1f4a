from .._api import WeightsEnum
from ..resnet import ResNet50_Weights
from .faster_rcnn import FasterRCNN
from _typeshed import Incomplete
from torch import nn
from typing import Any

__all__ = ['KeypointRCNN', 'KeypointRCNN_ResNet50_FPN_Weights', 'keypointrcnn_resnet50_fpn']

class KeypointRCNN(FasterRCNN):
    def __init__(self, backbone, num_classes=None, min_size=None, max_size: int = 1333, image_mean=None, image_std=None, rpn_anchor_generator=None, rpn_head=None, rpn_pre_nms_top_n_train: int = 2000, rpn_pre_nms_top_n_test: int = 1000, rpn_post_nms_top_n_train: int = 2000, rpn_post_nms_top_n_test: int = 1000, rpn_nms_thresh: float = 0.7, rpn_fg_iou_thresh: float = 0.7, rpn_bg_iou_thresh: float = 0.3, rpn_batch_size_per_image: int = 256, rpn_positive_fraction: float = 0.5, rpn_score_thresh: float = 0.0, box_roi_pool=None, box_head=None, box_predictor=None, box_score_thresh: float = 0.05, box_nms_thresh: float = 0.5, box_detections_per_img: int = 100, box_fg_iou_thresh: float = 0.5, box_bg_iou_thresh: float = 0.5, box_batch_size_per_image: int = 512, box_positive_fraction: float = 0.25, bbox_reg_weights=None, keypoint_roi_pool=None, keypoint_head=None, keypoint_predictor=None, num_keypoints=None, **kwargs) -> None: ...

class KeypointRCNNHeads(nn.Sequential):
    def __init__(self, in_channels, layers) -> None: ...

class KeypointRCNNPredictor(nn.Module):
    kps_score_lowres: Incomplete
    up_scale: int
    out_channels: Incomplete
    def __init__(self, in_channels, num_keypoints) -> None: ...
    def forward(self, x): ...

class KeypointRCNN_ResNet50_FPN_Weights(WeightsEnum):
    COCO_LEGACY: Incomplete
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

def keypointrcnn_resnet50_fpn(*, weights: KeypointRCNN_ResNet50_FPN_Weights | None = None, progress: bool = True, num_classes: int | None = None, num_keypoints: int | None = None, weights_backbone: ResNet50_Weights | None = ..., trainable_backbone_layers: int | None = None, **kwargs: Any) -> KeypointRCNN: ...
