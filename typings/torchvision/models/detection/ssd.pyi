import torch
from .._api import WeightsEnum
from ..vgg import VGG16_Weights
from .anchor_utils import DefaultBoxGenerator
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any

__all__ = ['SSD300_VGG16_Weights', 'ssd300_vgg16']

class SSD300_VGG16_Weights(WeightsEnum):
    COCO_V1: Incomplete
    DEFAULT = COCO_V1

class SSDHead(nn.Module):
    classification_head: Incomplete
    regression_head: Incomplete
    def __init__(self, in_channels: list[int], num_anchors: list[int], num_classes: int) -> None: ...
    def forward(self, x: list[Tensor]) -> dict[str, Tensor]: ...

class SSDScoringHead(nn.Module):
    module_list: Incomplete
    num_columns: Incomplete
    def __init__(self, module_list: nn.ModuleList, num_columns: int) -> None: ...
    def forward(self, x: list[Tensor]) -> Tensor: ...

class SSDClassificationHead(SSDScoringHead):
    def __init__(self, in_channels: list[int], num_anchors: list[int], num_classes: int) -> None: ...

class SSDRegressionHead(SSDScoringHead):
    def __init__(self, in_channels: list[int], num_anchors: list[int]) -> None: ...

class SSD(nn.Module):
    __annotations__: Incomplete
    backbone: Incomplete
    anchor_generator: Incomplete
    box_coder: Incomplete
    head: Incomplete
    proposal_matcher: Incomplete
    transform: Incomplete
    score_thresh: Incomplete
    nms_thresh: Incomplete
    detections_per_img: Incomplete
    topk_candidates: Incomplete
    neg_to_pos_ratio: Incomplete
    def __init__(self, backbone: nn.Module, anchor_generator: DefaultBoxGenerator, size: tuple[int, int], num_classes: int, image_mean: list[float] | None = None, image_std: list[float] | None = None, head: nn.Module | None = None, score_thresh: float = 0.01, nms_thresh: float = 0.45, detections_per_img: int = 200, iou_thresh: float = 0.5, topk_candidates: int = 400, positive_fraction: float = 0.25, **kwargs: Any) -> None: ...
    @torch.jit.unused
    def eager_outputs(self, losses: dict[str, Tensor], detections: list[dict[str, Tensor]]) -> tuple[dict[str, Tensor], list[dict[str, Tensor]]]: ...
    def compute_loss(self, targets: list[dict[str, Tensor]], head_outputs: dict[str, Tensor], anchors: list[Tensor], matched_idxs: list[Tensor]) -> dict[str, Tensor]: ...
    def forward(self, images: list[Tensor], targets: list[dict[str, Tensor]] | None = None) -> tuple[dict[str, Tensor], list[dict[str, Tensor]]]: ...
    def postprocess_detections(self, head_outputs: dict[str, Tensor], image_anchors: list[Tensor], image_shapes: list[tuple[int, int]]) -> list[dict[str, Tensor]]: ...

class SSDFeatureExtractorVGG(nn.Module):
    scale_weight: Incomplete
    features: Incomplete
    extra: Incomplete
    def __init__(self, backbone: nn.Module, highres: bool) -> None: ...
    def forward(self, x: Tensor) -> dict[str, Tensor]: ...

def ssd300_vgg16(*, weights: SSD300_VGG16_Weights | None = None, progress: bool = True, num_classes: int | None = None, weights_backbone: VGG16_Weights | None = ..., trainable_backbone_layers: int | None = None, **kwargs: Any) -> SSD: ...
