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
from jaxtyping import Float, Int64
from torch import Tensor
from torchvision.models.detection._utils import BoxCoder

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._arguments import (
    HeadNorm,
    check_iou_thresholds,
    is_positive_int,
)
from plugtrain.components.heads._branches import BoxBranch, retinanet_tower
from plugtrain.components.heads._dense import DenseHead
from plugtrain.components.heads._detection import HeadOutputs
from plugtrain.losses import BoxLoss, anchor_box_loss, focal_loss_per_image
from plugtrain.ops import (
    AnchorGrid,
    AnchorSet,
    AssignedTargets,
    TargetBatch,
    iou_matrix,
    match_by_iou,
)
from plugtrain.structures import FeatureSpec, LossBreakdown

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
class RetinaNetHead(DenseHead[HeadOutputs]):
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
        levels = len(in_spec)
        sizes = (
            default_retinanet_anchor_sizes(in_spec.strides)
            if anchor_sizes is None
            else tuple(tuple(level) for level in anchor_sizes)
        )
        if not all(
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
        ratios = _aspect_ratios(aspect_ratios, len(sizes))
        if ratios is None:
            raise invalid_argument(
                "RetinaNetHead",
                "aspect_ratios",
                received=aspect_ratios,
                expected=f"positive height/width ratios: one sequence for all levels, or "
                f"{levels} sequences, one per level",
                fix="pass aspect_ratios=(0.5, 1.0, 2.0)",
            )
        if box_loss not in get_args(BoxLoss):
            raise invalid_argument(
                "RetinaNetHead",
                "box_loss",
                received=box_loss,
                expected=f"one of {list(get_args(BoxLoss))}",
                fix="pass box_loss='smooth_l1' or 'giou'",
            )
        fg_threshold, bg_threshold = check_iou_thresholds(
            "RetinaNetHead", fg_iou_threshold=fg_iou_threshold, bg_iou_threshold=bg_iou_threshold
        )
        grid = AnchorGrid(sizes=sizes, aspect_ratios=ratios)
        super().__init__(
            in_spec=in_spec,
            num_classes=num_classes,
            num_convs=num_convs,
            norm=norm,
            prior_probability=prior_probability,
            anchor_grid=grid,
            tower=retinanet_tower,
            outputs_type=HeadOutputs,
        )
        self.box_loss: Final[BoxLoss] = box_loss
        self.fg_iou_threshold: Final = fg_threshold
        self.bg_iou_threshold: Final = bg_threshold
        self.allow_low_quality_matches: Final = bool(allow_low_quality_matches)
        self.box_coder: Final = BoxCoder(weights=(1.0, 1.0, 1.0, 1.0))
        self.regression_head = BoxBranch(
            tower=retinanet_tower(self.channels, num_convs, self.norm),
            channels=self.channels,
            anchors=grid.anchors_per_location[0],
        )

    def _outputs(self, features: FeatureMaps) -> HeadOutputs:
        logits: list[Tensor] = []
        regression: list[Tensor] = []
        for level in features:
            logits.append(self.classification_head(level))
            regression.append(self.regression_head(level))
        return HeadOutputs(class_logits=tuple(logits), box_regression=tuple(regression))

    def match(self, anchors: AnchorSet, targets: TargetBatch) -> Int64[Tensor, "batch anchors"]:
        return match_by_iou(
            iou_matrix(targets.boxes, anchors.boxes),
            targets.valid,
            high_threshold=self.fg_iou_threshold,
            low_threshold=self.bg_iou_threshold,
            allow_low_quality_matches=self.allow_low_quality_matches,
        )

    def loss_terms(
        self, outputs: HeadOutputs, anchors: AnchorSet, assigned: AssignedTargets
    ) -> LossBreakdown:
        """Focal and box losses; per image divided by its foreground anchors (at least 1),
        then averaged over the images."""
        regression = torch.cat(outputs.box_regression, dim=1)
        batch, count = regression.shape[0], regression.shape[1]
        foreground = assigned.foreground
        per_image = foreground.sum(dim=1).clamp(min=1).to(regression.dtype)

        focal = focal_loss_per_image(
            outputs.class_logits, assigned.labels, ignored=assigned.ignored
        )
        classification = (focal / per_image).sum() / batch

        weights = (1.0 / per_image)[:, None].expand(batch, count)[foreground]
        per_anchor = anchor_box_loss(
            self.box_loss,
            self.box_coder,
            regression=regression[foreground],
            anchors=anchors.boxes.expand(batch, -1, -1)[foreground],
            boxes=assigned.boxes[foreground],
        )
        box_regression = (per_anchor * weights).sum() / batch
        return LossBreakdown.of(classification=classification, box_regression=box_regression)

    def level_scores(self, outputs: HeadOutputs, level: int) -> Float[Tensor, "batch num"]:
        return outputs.class_logits[level].flatten(1)

    def ranking_threshold(self, score_threshold: float) -> float:
        # sigmoid(x) > t  <=>  x > logit(t): threshold the logits, take sigmoids of survivors
        if score_threshold <= 0:
            return -math.inf
        return math.log(score_threshold / (1 - score_threshold))

    def to_scores(self, values: Float[Tensor, "*shape"]) -> Float[Tensor, "*shape"]:
        return torch.sigmoid(values)

    def decode(
        self, regression: Float[Tensor, "num 4"], anchors: Float[Tensor, "num 4"]
    ) -> Float[Tensor, "num 4"]:
        return self.box_coder.decode_single(regression, anchors)

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, box_loss={self.box_loss!r}"
