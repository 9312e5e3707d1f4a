"""FCOSHead: anchor-free detection with centerness (Tian et al., torchvision's FCOS).

One point per feature-map cell and level (torchvision models it as one square anchor of
the level's size). Targets are assigned by center sampling and per-level scale ranges;
the loss is sigmoid focal loss, GIoU on decoded boxes and BCE on centerness, normalised
by the number of foreground points of the batch. Scores are
``sqrt(sigmoid(class) * sigmoid(centerness))``.
"""

from collections.abc import Sequence
from typing import Final, final

import torch
from jaxtyping import Int64
from torch import Tensor, nn
from torch.nn import functional
from torchvision.models.detection._utils import BoxLinearCoder
from torchvision.ops import generalized_box_iou_loss

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._branches import (
    ClassificationBranch,
    HeadNorm,
    check_head_arguments,
    fcos_tower,
    init_conv,
    is_positive_int,
    to_rows,
)
from plugtrain.components.heads._detection import (
    DenseHeadPredictions,
    DetectionHead,
    HeadOutputs,
    check_head_inputs,
)
from plugtrain.losses import centerness_targets, focal_loss_per_image
from plugtrain.ops import (
    AnchorGrid,
    AnchorSet,
    Candidates,
    TargetBatch,
    clip_to_images,
    match_fcos,
    top_candidates,
)
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked

__all__ = ["FCOSHead"]


def _scores(logits: Tensor, centerness: Tensor) -> Tensor:
    """(batch, anchors * classes) scores of one level: sqrt(sigmoid(class) * sigmoid(ctr))."""
    return torch.sqrt(torch.sigmoid(logits) * torch.sigmoid(centerness)).flatten(1)


@final
class _FCOSRegressionBranch(nn.Module):
    """``conv`` tower, then ``bbox_reg`` (ReLU: distances are >= 0) and ``bbox_ctrness``."""

    def __init__(self, *, tower: nn.Sequential, channels: int) -> None:
        super().__init__()
        self.conv = tower
        self.bbox_reg = nn.Conv2d(channels, 4, kernel_size=3, stride=1, padding=1)
        self.bbox_ctrness = nn.Conv2d(channels, 1, kernel_size=3, stride=1, padding=1)
        init_conv(self.bbox_reg)
        init_conv(self.bbox_ctrness)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        features: Tensor = self.conv(x)
        regression = functional.relu(self.bbox_reg(features))
        centerness: Tensor = self.bbox_ctrness(features)
        return to_rows(regression, 4), to_rows(centerness, 1)


@final
class FCOSHead(DetectionHead):
    """FCOS head over features of ``in_spec`` (one channel count on every level).

    ``num_convs`` 3x3 convolutions per tower, each followed by GroupNorm(32) (``norm="gn"``)
    or nothing (``"none"``). ``anchor_sizes``: the side of each level's anchor square,
    which sets the scale ranges and center-sampling radius (default: the level strides,
    as torchvision). State dicts of torchvision's ``FCOSHead`` load unchanged.
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        num_classes: int,
        num_convs: int = 4,
        norm: HeadNorm = "gn",
        center_sampling_radius: float = 1.5,
        anchor_sizes: Sequence[int] | None = None,
        prior_probability: float = 0.01,
    ) -> None:
        super().__init__()
        channels = in_spec.uniform_channels(consumer="FCOSHead")
        check_head_arguments(
            "FCOSHead",
            channels=channels,
            num_classes=num_classes,
            num_convs=num_convs,
            norm=norm,
            prior_probability=prior_probability,
        )
        sizes = tuple(in_spec.strides if anchor_sizes is None else anchor_sizes)
        if len(sizes) != len(in_spec) or not all(is_positive_int(s) for s in sizes):
            raise invalid_argument(
                "FCOSHead",
                "anchor_sizes",
                received=anchor_sizes,
                expected=f"{len(in_spec)} positive ints, one per level of {in_spec}",
                fix="leave anchor_sizes=None to use the level strides",
            )
        if not center_sampling_radius > 0:
            raise invalid_argument(
                "FCOSHead",
                "center_sampling_radius",
                received=center_sampling_radius,
                expected="a positive number of anchor sizes",
                fix="pass center_sampling_radius=1.5 (torchvision's choice)",
            )
        self._in_spec: Final = in_spec
        self._num_classes: Final = num_classes
        self.num_convs: Final = num_convs
        self.norm: Final = norm
        self.center_sampling_radius: Final = float(center_sampling_radius)
        self.box_coder: Final = BoxLinearCoder(normalize_by_size=True)
        self.anchor_grid: Final = AnchorGrid(
            sizes=[(s,) for s in sizes], aspect_ratios=[(1.0,)] * len(sizes)
        )
        self.classification_head = ClassificationBranch(
            tower=fcos_tower(channels, num_convs, norm),
            channels=channels,
            anchors=1,
            num_classes=num_classes,
            prior_probability=prior_probability,
        )
        self.regression_head = _FCOSRegressionBranch(
            tower=fcos_tower(channels, num_convs, norm), channels=channels
        )

    @property
    def in_spec(self) -> FeatureSpec:
        return self._in_spec

    @property
    def num_classes(self) -> int:
        return self._num_classes

    @property
    def anchors_per_location(self) -> tuple[int, ...]:
        return self.anchor_grid.anchors_per_location

    def make_anchors(
        self,
        *,
        grid_sizes: Sequence[tuple[int, int]],
        image_size: tuple[int, int],
        dtype: torch.dtype,
        device: torch.device,
    ) -> AnchorSet:
        return self.anchor_grid(
            grid_sizes=grid_sizes, image_size=image_size, dtype=dtype, device=device
        )

    @checked
    def forward(self, features: FeatureMaps) -> HeadOutputs:
        check_feature_maps(component="FCOSHead", features=features, spec=self._in_spec)
        logits: list[Tensor] = []
        regression: list[Tensor] = []
        centerness: list[Tensor] = []
        for level in features:
            logits.append(self.classification_head(level))
            boxes, center = self.regression_head(level)
            regression.append(boxes)
            centerness.append(center)
        return HeadOutputs(
            class_logits=tuple(logits),
            box_regression=tuple(regression),
            centerness=tuple(centerness),
        )

    @checked
    def loss(self, outputs: HeadOutputs, anchors: AnchorSet, targets: TargetBatch) -> LossBreakdown:
        """Focal, GIoU and centerness losses, each summed and divided by the foreground
        points of the whole batch (at least 1)."""
        check_head_inputs("FCOSHead", "loss", outputs, anchors, targets)
        regression = torch.cat(outputs.box_regression, dim=1)
        centerness = torch.cat(outputs.centerness, dim=1)[..., 0]
        batch, count = regression.shape[0], regression.shape[1]
        matched = match_fcos(
            anchors.boxes,
            targets.boxes,
            targets.valid,
            first_level_anchors=anchors.per_level[0],
            last_level_anchors=anchors.per_level[-1],
            center_sampling_radius=self.center_sampling_radius,
        )
        foreground = matched >= 0
        if targets.max_boxes == 0:
            labels = torch.full_like(matched, -1)
            boxes = regression.new_zeros((batch, count, 4))
        else:
            index = matched.clamp(min=0)
            labels = targets.labels.gather(1, index).masked_fill(~foreground, -1)
            boxes = targets.boxes.gather(1, index[..., None].expand(-1, -1, 4))
        normaliser = foreground.sum().clamp(min=1).to(regression.dtype)

        classification = focal_loss_per_image(outputs.class_logits, labels).sum() / normaliser

        fg_anchors = anchors.boxes.expand(batch, -1, -1)[foreground]
        fg_boxes = boxes[foreground]
        predicted = self.box_coder.decode(regression[foreground], fg_anchors)
        box_regression = generalized_box_iou_loss(predicted, fg_boxes, reduction="sum") / normaliser

        center_targets = centerness_targets(self.box_coder.encode(fg_anchors, fg_boxes))
        center = (
            functional.binary_cross_entropy_with_logits(
                centerness[foreground], center_targets, reduction="sum"
            )
            / normaliser
        )
        return LossBreakdown.of(
            classification=classification, box_regression=box_regression, centerness=center
        )

    @checked
    def candidates(
        self,
        outputs: HeadOutputs,
        anchors: AnchorSet,
        *,
        image_sizes: Int64[Tensor, "batch 2"],
        score_threshold: float,
        topk_candidates: int,
    ) -> Candidates:
        check_head_inputs("FCOSHead", "candidates", outputs, anchors)
        classes = self._num_classes
        boxes: list[Tensor] = []
        scores: list[Tensor] = []
        labels: list[Tensor] = []
        images: list[Tensor] = []
        for logits, regression, centerness, level_anchors in zip(
            outputs.class_logits,
            outputs.box_regression,
            outputs.centerness,
            anchors.levels(),
            strict=True,
        ):
            level_scores = _scores(logits, centerness)
            image, position = top_candidates(
                level_scores, threshold=score_threshold, k=topk_candidates
            )
            if image.numel() == 0:
                continue  # nothing above the threshold on this level
            anchor = torch.div(position, classes, rounding_mode="floor")
            decoded = self.box_coder.decode(regression[image, anchor], level_anchors[anchor])
            boxes.append(clip_to_images(decoded, image, image_sizes))
            scores.append(level_scores[image, position])
            labels.append(position % classes)
            images.append(image)
        if not boxes:
            dtype, device = outputs.box_regression[0].dtype, outputs.box_regression[0].device
            return Candidates.empty(dtype=dtype, device=device)
        return Candidates(
            boxes=torch.cat(boxes),
            scores=torch.cat(scores),
            labels=torch.cat(labels),
            images=torch.cat(images),
        )

    def dense_predictions(self, outputs: HeadOutputs, anchors: AnchorSet) -> DenseHeadPredictions:
        check_head_inputs("FCOSHead", "dense_predictions", outputs, anchors)
        return DenseHeadPredictions(
            scores=tuple(
                _scores(logits, centerness)
                for logits, centerness in zip(outputs.class_logits, outputs.centerness, strict=True)
            ),
            boxes=tuple(
                self.box_coder.decode(regression, level_anchors)
                for regression, level_anchors in zip(
                    outputs.box_regression, anchors.levels(), strict=True
                )
            ),
        )

    def extra_repr(self) -> str:
        return (
            f"in_spec={self._in_spec}, num_classes={self._num_classes}, "
            f"num_convs={self.num_convs}, norm={self.norm!r}, anchors={self.anchor_grid}"
        )
