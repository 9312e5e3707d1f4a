from collections.abc import Callable
from typing import Any

from torch import Tensor, nn
from torchvision.models._api import WeightsEnum
from torchvision.models.detection._utils import BoxLinearCoder
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.transform import GeneralizedRCNNTransform
from torchvision.models.resnet import ResNet50_Weights

class FCOSHead(nn.Module):
    box_coder: BoxLinearCoder
    classification_head: FCOSClassificationHead
    regression_head: FCOSRegressionHead
    def __init__(
        self, in_channels: int, num_anchors: int, num_classes: int, num_convs: int | None = 4
    ) -> None: ...

class FCOSClassificationHead(nn.Module):
    num_classes: int
    conv: nn.Sequential
    def __init__(
        self,
        in_channels: int,
        num_anchors: int,
        num_classes: int,
        num_convs: int = 4,
        prior_probability: float = 0.01,
        norm_layer: Callable[..., nn.Module] | None = None,
    ) -> None: ...

class FCOSRegressionHead(nn.Module):
    def __init__(
        self,
        in_channels: int,
        num_anchors: int,
        num_convs: int = 4,
        norm_layer: Callable[..., nn.Module] | None = None,
    ) -> None: ...

class FCOS(nn.Module):
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
        center_sampling_radius: float = 1.5,
        score_thresh: float = 0.2,
        nms_thresh: float = 0.6,
        detections_per_img: int = 100,
        topk_candidates: int = 1000,
        # unannotated in torchvision: passed on to GeneralizedRCNNTransform(**kwargs: Any)
        **kwargs: Any,
    ) -> None: ...
    def compute_loss(
        self,
        targets: list[dict[str, Tensor]],
        head_outputs: dict[str, Tensor],
        anchors: list[Tensor],
        num_anchors_per_level: list[int],
    ) -> dict[str, Tensor]: ...

class FCOS_ResNet50_FPN_Weights(WeightsEnum):
    COCO_V1 = ...
    DEFAULT = COCO_V1

def fcos_resnet50_fpn(
    *,
    weights: FCOS_ResNet50_FPN_Weights | None = None,
    progress: bool = True,
    num_classes: int | None = None,
    weights_backbone: ResNet50_Weights | None = ...,
    trainable_backbone_layers: int | None = None,
    **kwargs: Any,
) -> FCOS: ...
