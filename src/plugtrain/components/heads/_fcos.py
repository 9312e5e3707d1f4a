"""FCOSHead: anchor-free detection with centerness (Tian et al., torchvision's FCOS).

One point per feature-map cell and level (torchvision models it as one square anchor of
the level's size). Targets are assigned by center sampling and per-level scale ranges;
the loss is sigmoid focal loss, GIoU on decoded boxes and BCE on centerness, normalised
by the number of foreground points of the batch. Scores are
``sqrt(sigmoid(class) * sigmoid(centerness))``. Centerness and center sampling are FCOS's
own: they live here (``FCOSOutputs``), not in the ``DenseHead`` interface.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, final

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn
from torch.nn import functional
from torchvision.models.detection._utils import BoxLinearCoder
from torchvision.ops import generalized_box_iou_loss

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._arguments import HeadNorm, is_positive_int
from plugtrain.components.heads._branches import fcos_tower, init_conv, to_rows
from plugtrain.components.heads._dense import DenseHead
from plugtrain.components.heads._detection import HeadOutputs
from plugtrain.losses import centerness_targets, focal_loss_per_image
from plugtrain.ops import AnchorGrid, AnchorSet, AssignedTargets, TargetBatch, match_fcos
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked_dataclass

__all__ = ["FCOSHead", "FCOSOutputs"]

# the initial left/top/right/bottom distance, in anchor sizes (the regression's unit)
_START_DISTANCE: Final = 1.0


@checked_dataclass
@dataclass(frozen=True, slots=True)
class FCOSOutputs(HeadOutputs):
    """``HeadOutputs`` plus ``centerness``: (batch, anchors, 1) logits per level."""

    centerness: tuple[Float[Tensor, "batch _ 1"], ...]


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
        # torchvision starts the distances at 0: every predicted box is then a point, whose
        # GIoU gradient vanishes (a side's gradient is the length of the side across it),
        # while the centerness loss moves the shared tower and pushes the outputs below 0,
        # where the ReLU passes no gradient. On small objects the branch died that way within
        # 10 steps (GIoU loss exactly 1.0 for the rest of the run). Starting each distance at
        # one anchor size keeps the outputs positive and the boxes real from the first step.
        nn.init.constant_(self.bbox_reg.bias, _START_DISTANCE)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        features: Tensor = self.conv(x)
        regression = functional.relu(self.bbox_reg(features))
        centerness: Tensor = self.bbox_ctrness(features)
        return to_rows(regression, 4), to_rows(centerness, 1)


@final
class FCOSHead(DenseHead[FCOSOutputs]):
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
        sizes = tuple(in_spec.strides if anchor_sizes is None else anchor_sizes)
        if not all(is_positive_int(s) for s in sizes):
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
        grid = AnchorGrid(sizes=[(s,) for s in sizes], aspect_ratios=[(1.0,)] * len(sizes))
        super().__init__(
            in_spec=in_spec,
            num_classes=num_classes,
            num_convs=num_convs,
            norm=norm,
            prior_probability=prior_probability,
            anchor_grid=grid,
            tower=fcos_tower,
            outputs_type=FCOSOutputs,
        )
        self.center_sampling_radius: Final = float(center_sampling_radius)
        self.box_coder: Final = BoxLinearCoder(normalize_by_size=True)
        self.regression_head = _FCOSRegressionBranch(
            tower=fcos_tower(self.channels, num_convs, self.norm), channels=self.channels
        )

    def _outputs(self, features: FeatureMaps) -> FCOSOutputs:
        logits: list[Tensor] = []
        regression: list[Tensor] = []
        centerness: list[Tensor] = []
        for level in features:
            logits.append(self.classification_head(level))
            boxes, center = self.regression_head(level)
            regression.append(boxes)
            centerness.append(center)
        return FCOSOutputs(
            class_logits=tuple(logits),
            box_regression=tuple(regression),
            centerness=tuple(centerness),
        )

    def match(self, anchors: AnchorSet, targets: TargetBatch) -> Int64[Tensor, "batch anchors"]:
        return match_fcos(
            anchors.boxes,
            targets.boxes,
            targets.valid,
            first_level_anchors=anchors.per_level[0],
            last_level_anchors=anchors.per_level[-1],
            center_sampling_radius=self.center_sampling_radius,
        )

    def loss_terms(
        self, outputs: FCOSOutputs, anchors: AnchorSet, assigned: AssignedTargets
    ) -> LossBreakdown:
        """Focal, GIoU and centerness losses, each summed and divided by the foreground
        points of the whole batch (at least 1)."""
        regression = torch.cat(outputs.box_regression, dim=1)
        centerness = torch.cat(outputs.centerness, dim=1)[..., 0]
        foreground = assigned.foreground
        normaliser = foreground.sum().clamp(min=1).to(regression.dtype)

        focal = focal_loss_per_image(outputs.class_logits, assigned.labels)
        classification = focal.sum() / normaliser

        fg_anchors = anchors.boxes.expand(regression.shape[0], -1, -1)[foreground]
        fg_boxes = assigned.boxes[foreground]
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

    def level_scores(self, outputs: FCOSOutputs, level: int) -> Float[Tensor, "batch num"]:
        logits, centerness = outputs.class_logits[level], outputs.centerness[level]
        return torch.sqrt(torch.sigmoid(logits) * torch.sigmoid(centerness)).flatten(1)

    def decode(
        self, regression: Float[Tensor, "num 4"], anchors: Float[Tensor, "num 4"]
    ) -> Float[Tensor, "num 4"]:
        return self.box_coder.decode(regression, anchors)

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, center_sampling_radius={self.center_sampling_radius}"
