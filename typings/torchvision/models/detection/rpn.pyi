from torch import Tensor, nn
from torchvision.models.detection._utils import (
    BalancedPositiveNegativeSampler,
    BoxCoder,
    Matcher,
)
from torchvision.models.detection.anchor_utils import AnchorGenerator as AnchorGenerator
from torchvision.models.detection.image_list import ImageList

class RPNHead(nn.Module):
    conv: nn.Sequential
    cls_logits: nn.Conv2d
    bbox_pred: nn.Conv2d
    # conv_depth is unannotated in torchvision: the number of 3x3 conv layers
    def __init__(self, in_channels: int, num_anchors: int, conv_depth: int = 1) -> None: ...

class RegionProposalNetwork(nn.Module):
    anchor_generator: AnchorGenerator
    head: nn.Module
    box_coder: BoxCoder
    proposal_matcher: Matcher
    fg_bg_sampler: BalancedPositiveNegativeSampler
    nms_thresh: float
    score_thresh: float
    min_size: float
    def __init__(
        self,
        anchor_generator: AnchorGenerator,
        head: nn.Module,
        fg_iou_thresh: float,
        bg_iou_thresh: float,
        batch_size_per_image: int,
        positive_fraction: float,
        pre_nms_top_n: dict[str, int],
        post_nms_top_n: dict[str, int],
        nms_thresh: float,
        score_thresh: float = 0.0,
    ) -> None: ...
    def pre_nms_top_n(self) -> int: ...
    def post_nms_top_n(self) -> int: ...
    def assign_targets_to_anchors(
        self, anchors: list[Tensor], targets: list[dict[str, Tensor]]
    ) -> tuple[list[Tensor], list[Tensor]]: ...
    def filter_proposals(
        self,
        proposals: Tensor,
        objectness: Tensor,
        image_shapes: list[tuple[int, int]],
        num_anchors_per_level: list[int],
    ) -> tuple[list[Tensor], list[Tensor]]: ...
    def compute_loss(
        self,
        objectness: Tensor,
        pred_bbox_deltas: Tensor,
        labels: list[Tensor],
        regression_targets: list[Tensor],
    ) -> tuple[Tensor, Tensor]: ...
    def forward(
        self,
        images: ImageList,
        features: dict[str, Tensor],
        targets: list[dict[str, Tensor]] | None = None,
    ) -> tuple[list[Tensor], dict[str, Tensor]]: ...
