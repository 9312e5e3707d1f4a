"""RetinaNetHead: anchor-based detection with focal loss (Lin et al., torchvision's RetinaNet).

Anchors of several sizes and aspect ratios per level; an anchor is foreground when its
IoU with a box is at least ``fg_iou_threshold``, background below ``bg_iou_threshold``,
ignored in between, and (``allow_low_quality_matches``) each box also keeps its best
anchors (torchvision's ``Matcher``). Loss: sigmoid focal loss and a box loss (``l1``/``smooth_l1``
on encoded deltas or ``giou`` on decoded boxes), each divided by the foreground anchors
of its image, then averaged over the images.
"""

import math
from collections.abc import Sequence
from typing import Final, cast, final, get_args

import torch
from jaxtyping import Int64
from torch import Tensor, nn
from torchvision.models.detection._utils import BoxCoder

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._branches import (
    ClassificationBranch,
    HeadNorm,
    check_head_arguments,
    init_conv,
    is_positive_int,
    retinanet_tower,
    to_rows,
)
from plugtrain.components.heads._detection import (
    DenseHeadPredictions,
    DetectionHead,
    HeadOutputs,
    check_head_inputs,
)
from plugtrain.losses import BoxLoss, anchor_box_loss, focal_loss_per_image
from plugtrain.ops import (
    BETWEEN_THRESHOLDS,
    AnchorGrid,
    AnchorSet,
    Candidates,
    TargetBatch,
    clip_to_images,
    iou_matrix,
    match_by_iou,
    top_candidates,
)
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked

__all__ = ["RetinaNetHead", "default_retinanet_anchor_sizes"]

_DEFAULT_ASPECT_RATIOS: Final = (0.5, 1.0, 2.0)
_OCTAVES: Final = (0.0, 1.0 / 3, 2.0 / 3)
_SIZE_PER_STRIDE: Final = 4


def default_retinanet_anchor_sizes(strides: Sequence[int]) -> tuple[tuple[int, ...], ...]:
    """torchvision's RetinaNet anchors: sizes ``4 * stride * 2**(k/3)``, k = 0, 1, 2."""
    return tuple(
        tuple(int(_SIZE_PER_STRIDE * stride * 2**octave) for octave in _OCTAVES)
        for stride in strides
    )


def _aspect_ratios(
    aspect_ratios: Sequence[float] | Sequence[Sequence[float]], levels: int
) -> tuple[tuple[float, ...], ...] | None:
    values: list[object] = list(aspect_ratios)
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        ratios = tuple(float(v) for v in values if isinstance(v, (int, float)))
        return (ratios,) * levels if all(r > 0 for r in ratios) else None
    per_level: list[tuple[float, ...]] = []
    for level in values:
        if not isinstance(level, Sequence) or not level:
            return None
        ratios = tuple(float(v) for v in cast(Sequence[float], level))
        if not all(r > 0 for r in ratios):
            return None
        per_level.append(ratios)
    return tuple(per_level) if len(per_level) == levels else None


@final
class _RetinaNetRegressionBranch(nn.Module):
    """``conv`` tower then ``bbox_reg``: 4 deltas per anchor."""

    def __init__(self, *, tower: nn.Sequential, channels: int, anchors: int) -> None:
        super().__init__()
        self.conv = tower
        self.bbox_reg = nn.Conv2d(channels, anchors * 4, kernel_size=3, stride=1, padding=1)
        init_conv(self.bbox_reg)

    def forward(self, x: Tensor) -> Tensor:
        deltas: Tensor = self.bbox_reg(self.conv(x))
        return to_rows(deltas, 4)


@final
class RetinaNetHead(DetectionHead):
    """RetinaNet head over features of ``in_spec`` (one channel count on every level).

    ``anchor_sizes``: per level, the anchor sizes in pixels (default: torchvision's,
    ``4 * stride`` times 1, 2^(1/3), 2^(2/3)); ``aspect_ratios`` (height / width): one
    sequence for all levels or one per level. Every level must have the same number of
    anchors per location (the convolutions are shared). ``norm="gn"`` adds GroupNorm(32)
    to the towers (torchvision's RetinaNet v2). State dicts of torchvision's
    ``RetinaNetHead`` load unchanged.
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        num_classes: int,
        num_convs: int = 4,
        norm: HeadNorm = "none",
        anchor_sizes: Sequence[Sequence[int]] | None = None,
        aspect_ratios: Sequence[float] | Sequence[Sequence[float]] = _DEFAULT_ASPECT_RATIOS,
        box_loss: BoxLoss = "smooth_l1",
        fg_iou_threshold: float = 0.5,
        bg_iou_threshold: float = 0.4,
        allow_low_quality_matches: bool = True,
        prior_probability: float = 0.01,
    ) -> None:
        super().__init__()
        channels = in_spec.uniform_channels(consumer="RetinaNetHead")
        check_head_arguments(
            "RetinaNetHead",
            channels=channels,
            num_classes=num_classes,
            num_convs=num_convs,
            norm=norm,
            prior_probability=prior_probability,
        )
        levels = len(in_spec)
        sizes = (
            default_retinanet_anchor_sizes(in_spec.strides)
            if anchor_sizes is None
            else tuple(tuple(level) for level in anchor_sizes)
        )
        if len(sizes) != levels or not all(
            level and all(is_positive_int(s) for s in cast(tuple[object, ...], level))
            for level in sizes
        ):
            raise invalid_argument(
                "RetinaNetHead",
                "anchor_sizes",
                received=anchor_sizes,
                expected=f"{levels} non-empty sequences of positive ints, one per level of "
                f"{in_spec}",
                fix="leave anchor_sizes=None for torchvision's sizes",
            )
        ratios = _aspect_ratios(aspect_ratios, levels)
        if ratios is None:
            raise invalid_argument(
                "RetinaNetHead",
                "aspect_ratios",
                received=aspect_ratios,
                expected=f"positive height/width ratios: one sequence for all levels, or "
                f"{levels} sequences, one per level",
                fix="pass aspect_ratios=(0.5, 1.0, 2.0)",
            )
        grid = AnchorGrid(sizes=sizes, aspect_ratios=ratios)
        per_location = set(grid.anchors_per_location)
        if len(per_location) != 1:
            raise invalid_argument(
                "RetinaNetHead",
                "anchor_sizes",
                received=f"{grid.anchors_per_location} anchors per location on the levels",
                expected="the same number of sizes x aspect ratios on every level",
                fix="give every level as many sizes (and aspect ratios) as the others",
            )
        if box_loss not in get_args(BoxLoss):
            raise invalid_argument(
                "RetinaNetHead",
                "box_loss",
                received=box_loss,
                expected=f"one of {list(get_args(BoxLoss))}",
                fix="pass box_loss='smooth_l1' or 'giou'",
            )
        if not 0.0 <= bg_iou_threshold <= fg_iou_threshold <= 1.0:
            raise invalid_argument(
                "RetinaNetHead",
                "fg_iou_threshold",
                received=(fg_iou_threshold, bg_iou_threshold),
                expected="0 <= bg_iou_threshold <= fg_iou_threshold <= 1",
                fix="pass fg_iou_threshold=0.5, bg_iou_threshold=0.4",
            )
        anchors = per_location.pop()
        self._in_spec: Final = in_spec
        self._num_classes: Final = num_classes
        self.num_convs: Final = num_convs
        self.norm: Final = norm
        self.box_loss: Final[BoxLoss] = box_loss
        self.fg_iou_threshold: Final = float(fg_iou_threshold)
        self.bg_iou_threshold: Final = float(bg_iou_threshold)
        self.allow_low_quality_matches: Final = bool(allow_low_quality_matches)
        self.box_coder: Final = BoxCoder(weights=(1.0, 1.0, 1.0, 1.0))
        self.anchor_grid: Final = grid
        self.classification_head = ClassificationBranch(
            tower=retinanet_tower(channels, num_convs, norm),
            channels=channels,
            anchors=anchors,
            num_classes=num_classes,
            prior_probability=prior_probability,
        )
        self.regression_head = _RetinaNetRegressionBranch(
            tower=retinanet_tower(channels, num_convs, norm), channels=channels, anchors=anchors
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
        check_feature_maps(component="RetinaNetHead", features=features, spec=self._in_spec)
        logits: list[Tensor] = []
        regression: list[Tensor] = []
        for level in features:
            logits.append(self.classification_head(level))
            regression.append(self.regression_head(level))
        return HeadOutputs(class_logits=tuple(logits), box_regression=tuple(regression))

    @checked
    def loss(self, outputs: HeadOutputs, anchors: AnchorSet, targets: TargetBatch) -> LossBreakdown:
        """Focal and box losses; per image divided by its foreground anchors (at least 1),
        then averaged over the images."""
        check_head_inputs("RetinaNetHead", "loss", outputs, anchors, targets)
        regression = torch.cat(outputs.box_regression, dim=1)
        batch, count = regression.shape[0], regression.shape[1]
        matched = match_by_iou(
            iou_matrix(targets.boxes, anchors.boxes),
            targets.valid,
            high_threshold=self.fg_iou_threshold,
            low_threshold=self.bg_iou_threshold,
            allow_low_quality_matches=self.allow_low_quality_matches,
        )
        foreground = matched >= 0
        if targets.max_boxes == 0:
            labels = torch.full_like(matched, -1)
            boxes = regression.new_zeros((batch, count, 4))
        else:
            index = matched.clamp(min=0)
            labels = targets.labels.gather(1, index).masked_fill(~foreground, -1)
            boxes = targets.boxes.gather(1, index[..., None].expand(-1, -1, 4))
        per_image = foreground.sum(dim=1).clamp(min=1).to(regression.dtype)

        focal = focal_loss_per_image(
            outputs.class_logits, labels, ignored=matched == BETWEEN_THRESHOLDS
        )
        classification = (focal / per_image).sum() / batch

        weights = (1.0 / per_image)[:, None].expand(batch, count)[foreground]
        per_anchor = anchor_box_loss(
            self.box_loss,
            self.box_coder,
            regression=regression[foreground],
            anchors=anchors.boxes.expand(batch, -1, -1)[foreground],
            boxes=boxes[foreground],
        )
        box_regression = (per_anchor * weights).sum() / batch
        return LossBreakdown.of(classification=classification, box_regression=box_regression)

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
        check_head_inputs("RetinaNetHead", "candidates", outputs, anchors)
        classes = self._num_classes
        # sigmoid(x) > t  <=>  x > logit(t): threshold the logits, take sigmoids of survivors
        logit_threshold = (
            -math.inf if score_threshold <= 0 else math.log(score_threshold / (1 - score_threshold))
        )
        boxes: list[Tensor] = []
        scores: list[Tensor] = []
        labels: list[Tensor] = []
        images: list[Tensor] = []
        for logits, regression, level_anchors in zip(
            outputs.class_logits, outputs.box_regression, anchors.levels(), strict=True
        ):
            flat = logits.flatten(1)
            image, position = top_candidates(flat, threshold=logit_threshold, k=topk_candidates)
            if image.numel() == 0:
                continue  # nothing above the threshold on this level
            anchor = torch.div(position, classes, rounding_mode="floor")
            decoded = self.box_coder.decode_single(regression[image, anchor], level_anchors[anchor])
            boxes.append(clip_to_images(decoded, image, image_sizes))
            scores.append(torch.sigmoid(flat[image, position]))
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
        check_head_inputs("RetinaNetHead", "dense_predictions", outputs, anchors)
        boxes: list[Tensor] = []
        for regression, level_anchors in zip(outputs.box_regression, anchors.levels(), strict=True):
            batch = regression.shape[0]
            # decode_single takes (num, 4) rows: the level's anchors once per image
            rows = level_anchors[None].expand(batch, -1, -1).reshape(-1, 4)
            decoded = self.box_coder.decode_single(regression.reshape(-1, 4), rows)
            boxes.append(decoded.reshape(regression.shape))
        return DenseHeadPredictions(
            scores=tuple(torch.sigmoid(logits.flatten(1)) for logits in outputs.class_logits),
            boxes=tuple(boxes),
        )

    def extra_repr(self) -> str:
        return (
            f"in_spec={self._in_spec}, num_classes={self._num_classes}, "
            f"num_convs={self.num_convs}, norm={self.norm!r}, box_loss={self.box_loss!r}, "
            f"anchors={self.anchor_grid}"
        )
