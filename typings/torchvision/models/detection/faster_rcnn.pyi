from collections.abc import Callable
from typing import Any

from torch import Tensor, nn
from torchvision.models._api import WeightsEnum
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.generalized_rcnn import GeneralizedRCNN
from torchvision.models.detection.roi_heads import RoIHeads
from torchvision.models.detection.rpn import RegionProposalNetwork
from torchvision.models.detection.transform import GeneralizedRCNNTransform
from torchvision.models.mobilenetv3 import MobileNet_V3_Large_Weights
from torchvision.models.resnet import ResNet50_Weights
from torchvision.ops.poolers import MultiScaleRoIAlign

# torchvision leaves FasterRCNN.__init__ unannotated; each type below is what its body
# checks (isinstance of AnchorGenerator / MultiScaleRoIAlign) or passes on to an annotated
# part (RegionProposalNetwork, RoIHeads, GeneralizedRCNNTransform).
class FasterRCNN(GeneralizedRCNN):
    # set by __init__, narrower than GeneralizedRCNN's nn.Module
    transform: GeneralizedRCNNTransform
    rpn: RegionProposalNetwork
    roi_heads: RoIHeads
    def __init__(
        self,
        backbone: nn.Module,
        num_classes: int | None = None,
        min_size: int = 800,
        max_size: int = 1333,
        image_mean: list[float] | None = None,
        image_std: list[float] | None = None,
        rpn_anchor_generator: AnchorGenerator | None = None,
        rpn_head: nn.Module | None = None,
        rpn_pre_nms_top_n_train: int = 2000,
        rpn_pre_nms_top_n_test: int = 1000,
        rpn_post_nms_top_n_train: int = 2000,
        rpn_post_nms_top_n_test: int = 1000,
        rpn_nms_thresh: float = 0.7,
        rpn_fg_iou_thresh: float = 0.7,
        rpn_bg_iou_thresh: float = 0.3,
        rpn_batch_size_per_image: int = 256,
        rpn_positive_fraction: float = 0.5,
        rpn_score_thresh: float = 0.0,
        box_roi_pool: MultiScaleRoIAlign | None = None,
        box_head: nn.Module | None = None,
        box_predictor: nn.Module | None = None,
        box_score_thresh: float = 0.05,
        box_nms_thresh: float = 0.5,
        box_detections_per_img: int = 100,
        box_fg_iou_thresh: float = 0.5,
        box_bg_iou_thresh: float = 0.5,
        box_batch_size_per_image: int = 512,
        box_positive_fraction: float = 0.25,
        bbox_reg_weights: tuple[float, float, float, float] | None = None,
        **kwargs: Any,
    ) -> None: ...

class TwoMLPHead(nn.Module):
    fc6: nn.Linear
    fc7: nn.Linear
    def __init__(self, in_channels: int, representation_size: int) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class FastRCNNConvFCHead(nn.Sequential):
    def __init__(
        self,
        input_size: tuple[int, int, int],
        conv_layers: list[int],
        fc_layers: list[int],
        norm_layer: Callable[..., nn.Module] | None = None,
    ) -> None: ...

class FastRCNNPredictor(nn.Module):
    cls_score: nn.Linear
    bbox_pred: nn.Linear
    def __init__(self, in_channels: int, num_classes: int) -> None: ...
    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]: ...

class FasterRCNN_ResNet50_FPN_Weights(WeightsEnum):
    COCO_V1 = ...
    DEFAULT = COCO_V1

class FasterRCNN_ResNet50_FPN_V2_Weights(WeightsEnum):
    COCO_V1 = ...
    DEFAULT = COCO_V1

class FasterRCNN_MobileNet_V3_Large_320_FPN_Weights(WeightsEnum):
    COCO_V1 = ...
    DEFAULT = COCO_V1

def fasterrcnn_resnet50_fpn(
    *,
    weights: FasterRCNN_ResNet50_FPN_Weights | None = None,
    progress: bool = True,
    num_classes: int | None = None,
    weights_backbone: ResNet50_Weights | None = ...,
    trainable_backbone_layers: int | None = None,
    **kwargs: Any,
) -> FasterRCNN: ...
def fasterrcnn_resnet50_fpn_v2(
    *,
    weights: FasterRCNN_ResNet50_FPN_V2_Weights | None = None,
    progress: bool = True,
    num_classes: int | None = None,
    weights_backbone: ResNet50_Weights | None = None,
    trainable_backbone_layers: int | None = None,
    **kwargs: Any,
) -> FasterRCNN: ...
def fasterrcnn_mobilenet_v3_large_320_fpn(
    *,
    weights: FasterRCNN_MobileNet_V3_Large_320_FPN_Weights | None = None,
    progress: bool = True,
    num_classes: int | None = None,
    weights_backbone: MobileNet_V3_Large_Weights | None = ...,
    trainable_backbone_layers: int | None = None,
    **kwargs: Any,
) -> FasterRCNN: ...
