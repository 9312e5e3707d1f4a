import torch
from .._api import WeightsEnum
from ..resnet import ResNet50_Weights
from ._utils import BoxLinearCoder
from .anchor_utils import AnchorGenerator
from .transform import GeneralizedRCNNTransform
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['FCOS', 'FCOS_ResNet50_FPN_Weights', 'fcos_resnet50_fpn']

class FCOSHead(nn.Module):
    __annotations__: Incomplete
    box_coder: BoxLinearCoder
    classification_head: FCOSClassificationHead
    regression_head: FCOSRegressionHead
    def __init__(self, in_channels: int, num_anchors: int, num_classes: int, num_convs: int | None = 4) -> None: ...
    def compute_loss(self, targets: list[dict[str, Tensor]], head_outputs: dict[str, Tensor], anchors: list[Tensor], matched_idxs: list[Tensor]) -> dict[str, Tensor]: ...
    def forward(self, x: list[Tensor]) -> dict[str, Tensor]: ...

class FCOSClassificationHead(nn.Module):
    num_classes: int
    num_anchors: int
    conv: nn.Sequential
    cls_logits: nn.Conv2d
    def __init__(self, in_channels: int, num_anchors: int, num_classes: int, num_convs: int = 4, prior_probability: float = 0.01, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: list[Tensor]) -> Tensor: ...

class FCOSRegressionHead(nn.Module):
    conv: nn.Sequential
    bbox_reg: nn.Conv2d
    bbox_ctrness: nn.Conv2d
    def __init__(self, in_channels: int, num_anchors: int, num_convs: int = 4, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: list[Tensor]) -> tuple[Tensor, Tensor]: ...

class FCOS(nn.Module):
    __annotations__: Incomplete
    backbone: nn.Module
    anchor_generator: AnchorGenerator
    head: nn.Module
    box_coder: BoxLinearCoder
    transform: GeneralizedRCNNTransform
    center_sampling_radius: float
    score_thresh: float
    nms_thresh: float
    detections_per_img: int
    topk_candidates: int
    def __init__(self, backbone: nn.Module, num_classes: int, min_size: int = 800, max_size: int = 1333, image_mean: list[float] | None = None, image_std: list[float] | None = None, anchor_generator: AnchorGenerator | None = None, head: nn.Module | None = None, center_sampling_radius: float = 1.5, score_thresh: float = 0.2, nms_thresh: float = 0.6, detections_per_img: int = 100, topk_candidates: int = 1000, **kwargs) -> None: ...
    @torch.jit.unused
    def eager_outputs(self, losses: dict[str, Tensor], detections: list[dict[str, Tensor]]) -> tuple[dict[str, Tensor], list[dict[str, Tensor]]]: ...
    def compute_loss(self, targets: list[dict[str, Tensor]], head_outputs: dict[str, Tensor], anchors: list[Tensor], num_anchors_per_level: list[int]) -> dict[str, Tensor]: ...
    def postprocess_detections(self, head_outputs: dict[str, list[Tensor]], anchors: list[list[Tensor]], image_shapes: list[tuple[int, int]]) -> list[dict[str, Tensor]]: ...
    def forward(self, images: list[Tensor], targets: list[dict[str, Tensor]] | None = None) -> tuple[dict[str, Tensor], list[dict[str, Tensor]]]: ...

class FCOS_ResNet50_FPN_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

def fcos_resnet50_fpn(*, weights: FCOS_ResNet50_FPN_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: ResNet50_Weights | None = ..., trainable_backbone_layers: int | None = None, **kwargs: Any) -> FCOS: ...
