from collections.abc import Callable
from typing import Any

from torch import Tensor, nn
from torchvision.models._api import WeightsEnum
from torchvision.models.detection._utils import BoxCoder, Matcher
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.transform import GeneralizedRCNNTransform
from torchvision.models.resnet import ResNet50_Weights

class RetinaNetHead(nn.Module):
    classification_head: RetinaNetClassificationHead
    regression_head: RetinaNetRegressionHead
    def __init__(
        self,
        in_channels: int,
        num_anchors: int,
        num_classes: int,
        norm_layer: Callable[..., nn.Module] | None = None,
    ) -> None: ...

class RetinaNetClassificationHead(nn.Module):
    conv: nn.Sequential
    cls_logits: nn.Conv2d
    num_classes: int
    def __init__(
        self,
        in_channels: int,
        num_anchors: int,
        num_classes: int,
        prior_probability: float = 0.01,
        norm_layer: Callable[..., nn.Module] | None = None,
    ) -> None: ...

class RetinaNetRegressionHead(nn.Module):
    box_coder: BoxCoder
    _loss_type: str
    def __init__(
        self, in_channels: int, num_anchors: int, norm_layer: Callable[..., nn.Module] | None = None
    ) -> None: ...

class RetinaNet(nn.Module):
    backbone: nn.Module
    anchor_generator: AnchorGenerator
    head: nn.Module
    proposal_matcher: Matcher
    box_coder: BoxCoder
    transform: GeneralizedRCNNTransform
    score_thresh: float
    nms_thresh: float
    detections_per_img: int
    topk_candidates: int
    def __init__(
        self,
        backbone: nn.Module,
        num_classes: int,
        min_size: int = 800,
        max_size: int = 1333,
        image_mean: list[float] | None = None,
        image_std: list[float] | None = None,
        anchor_generator: AnchorGenerator | None = None,
        head: nn.Module | None = None,
        proposal_matcher: Matcher | None = None,
        score_thresh: float = 0.05,
        nms_thresh: float = 0.5,
        detections_per_img: int = 300,
        fg_iou_thresh: float = 0.5,
        bg_iou_thresh: float = 0.4,
        topk_candidates: int = 1000,
        # unannotated in torchvision: passed on to GeneralizedRCNNTransform(**kwargs: Any)
        **kwargs: Any,
    ) -> None: ...
    def compute_loss(
        self,
        targets: list[dict[str, Tensor]],
        head_outputs: dict[str, Tensor],
        anchors: list[Tensor],
    ) -> dict[str, Tensor]: ...

class RetinaNet_ResNet50_FPN_V2_Weights(WeightsEnum):
    COCO_V1 = ...
    DEFAULT = COCO_V1

def retinanet_resnet50_fpn_v2(
    *,
    weights: RetinaNet_ResNet50_FPN_V2_Weights | None = None,
    progress: bool = True,
    num_classes: int | None = None,
    weights_backbone: ResNet50_Weights | None = None,
    trainable_backbone_layers: int | None = None,
    **kwargs: Any,
) -> RetinaNet: ...
def _default_anchorgen() -> AnchorGenerator: ...
