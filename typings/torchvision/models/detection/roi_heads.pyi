from torch import Tensor, nn
from torchvision.models.detection._utils import (
    BalancedPositiveNegativeSampler,
    BoxCoder,
    Matcher,
)

def fastrcnn_loss(
    class_logits: Tensor,
    box_regression: Tensor,
    labels: list[Tensor],
    regression_targets: list[Tensor],
) -> tuple[Tensor, Tensor]: ...

# torchvision leaves RoIHeads.__init__ unannotated; the types are those FasterRCNN passes
# (and the parts' own annotations: Matcher, BalancedPositiveNegativeSampler, BoxCoder).
# Its other methods are annotated by type comments, or (has_mask, has_keypoint) return bools.
class RoIHeads(nn.Module):
    box_roi_pool: nn.Module
    box_head: nn.Module
    box_predictor: nn.Module
    box_coder: BoxCoder
    proposal_matcher: Matcher
    fg_bg_sampler: BalancedPositiveNegativeSampler
    score_thresh: float
    nms_thresh: float
    detections_per_img: int
    def __init__(
        self,
        box_roi_pool: nn.Module,
        box_head: nn.Module,
        box_predictor: nn.Module,
        fg_iou_thresh: float,
        bg_iou_thresh: float,
        batch_size_per_image: int,
        positive_fraction: float,
        bbox_reg_weights: tuple[float, float, float, float] | None,
        score_thresh: float,
        nms_thresh: float,
        detections_per_img: int,
        mask_roi_pool: nn.Module | None = None,
        mask_head: nn.Module | None = None,
        mask_predictor: nn.Module | None = None,
        keypoint_roi_pool: nn.Module | None = None,
        keypoint_head: nn.Module | None = None,
        keypoint_predictor: nn.Module | None = None,
    ) -> None: ...
    def has_mask(self) -> bool: ...
    def has_keypoint(self) -> bool: ...
    def select_training_samples(
        self, proposals: list[Tensor], targets: list[dict[str, Tensor]] | None
    ) -> tuple[list[Tensor], list[Tensor], list[Tensor], list[Tensor]]: ...
    def forward(
        self,
        features: dict[str, Tensor],
        proposals: list[Tensor],
        image_shapes: list[tuple[int, int]],
        targets: list[dict[str, Tensor]] | None = None,
    ) -> tuple[list[dict[str, Tensor]], dict[str, Tensor]]: ...
