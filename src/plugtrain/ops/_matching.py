"""Target assignment for dense heads, batched over the images of a batch.

``match_by_iou`` is torchvision's ``det_utils.Matcher`` (the RetinaNet rule) and
``match_fcos`` is torchvision's ``FCOS.compute_loss`` assignment (center sampling, scale
ranges, smallest box wins), both computed for all images at once on ground truth padded
to the largest box count (``TargetBatch``) instead of image by image. Padding never
matches. Results equal torchvision's image by image (tests compare them).
"""

from typing import Final

import torch
from jaxtyping import Bool, Float, Int64
from torch import Tensor
from torchvision.models.detection._utils import Matcher
from torchvision.ops import box_iou

from plugtrain.typing import checked

__all__ = ["BELOW_LOW_THRESHOLD", "BETWEEN_THRESHOLDS", "iou_matrix", "match_by_iou", "match_fcos"]

BELOW_LOW_THRESHOLD: Final[int] = Matcher.BELOW_LOW_THRESHOLD
"""Match value of an anchor that is background (best quality below the low threshold)."""

BETWEEN_THRESHOLDS: Final[int] = Matcher.BETWEEN_THRESHOLDS
"""Match value of an anchor that is ignored (best quality between the two thresholds)."""

_SMALLEST_BOX_BASE: Final = 1e8  # torchvision's "1e8 - area": the smallest matching box wins
_UNMATCHED_BELOW: Final = 1e-5


@checked
def iou_matrix(
    boxes: Float[Tensor, "batch gt 4"], anchors: Float[Tensor, "anchors 4"]
) -> Float[Tensor, "batch gt anchors"]:
    """IoU of every (padded) ground-truth box with every anchor (torchvision's ``box_iou``)."""
    batch, count = boxes.shape[0], boxes.shape[1]
    return box_iou(boxes.reshape(batch * count, 4), anchors).reshape(batch, count, len(anchors))


@checked
def match_by_iou(
    quality: Float[Tensor, "batch gt anchors"],
    valid: Bool[Tensor, "batch gt"],
    *,
    high_threshold: float,
    low_threshold: float,
    allow_low_quality_matches: bool,
) -> Int64[Tensor, "batch anchors"]:
    """Each anchor's ground-truth index, or ``BELOW_LOW_THRESHOLD`` / ``BETWEEN_THRESHOLDS``.

    torchvision's ``Matcher`` rule on every image at once: an anchor takes the box of
    highest quality (IoU) if that is at least ``high_threshold``, is background below
    ``low_threshold`` and ignored in between; with ``allow_low_quality_matches``, the
    anchors of highest quality for a box (ties included) keep their best box regardless.
    ``valid`` marks real boxes; padding never matches.
    """
    batch, _, anchors = quality.shape
    if quality.shape[1] == 0:
        return torch.full(
            (batch, anchors), BELOW_LOW_THRESHOLD, dtype=torch.int64, device=quality.device
        )
    # Real qualities are IoUs >= 0, so -1 keeps padding below every real box.
    quality = quality.masked_fill(~valid[:, :, None], -1.0)
    best_quality, matches = quality.max(dim=1)
    all_matches = matches.clone() if allow_low_quality_matches else matches
    matches = torch.where(best_quality < low_threshold, BELOW_LOW_THRESHOLD, matches)
    matches = torch.where(
        (best_quality >= low_threshold) & (best_quality < high_threshold),
        BETWEEN_THRESHOLDS,
        matches,
    )
    if allow_low_quality_matches:
        highest_per_box = quality.max(dim=2).values
        is_highest = (quality == highest_per_box[:, :, None]) & valid[:, :, None]
        matches = torch.where(is_highest.any(dim=1), all_matches, matches)
    return matches


@checked
def match_fcos(
    anchors: Float[Tensor, "anchors 4"],
    boxes: Float[Tensor, "batch gt 4"],
    valid: Bool[Tensor, "batch gt"],
    *,
    first_level_anchors: int,
    last_level_anchors: int,
    center_sampling_radius: float,
) -> Int64[Tensor, "batch anchors"]:
    """Each anchor point's ground-truth index, or -1 (background): the FCOS rule.

    A point matches a box when it lies inside the box, within ``center_sampling_radius``
    anchor sizes of the box centre, and the largest of its distances to the box's sides
    is in the scale range of its level (``(4, 8)`` anchor sizes; no lower bound on the
    first level, no upper bound on the last). Of several matching boxes the smallest wins.
    """
    batch, count = boxes.shape[0], boxes.shape[1]
    if count == 0:
        return torch.full(
            (batch, anchors.shape[0]), BELOW_LOW_THRESHOLD, dtype=torch.int64, device=boxes.device
        )
    box_centers = (boxes[..., :2] + boxes[..., 2:]) / 2  # (batch, gt, 2)
    anchor_centers = (anchors[:, :2] + anchors[:, 2:]) / 2  # (anchors, 2)
    anchor_sizes = anchors[:, 2] - anchors[:, 0]  # (anchors,)

    # center sampling: the point must be close enough to the box centre
    offsets = (anchor_centers[None, :, None, :] - box_centers[:, None, :, :]).abs_()
    matched = offsets.max(dim=3).values < center_sampling_radius * anchor_sizes[None, :, None]

    # distances (left, top, right, bottom) from every point to every box
    x = anchor_centers[None, :, None, 0]
    y = anchor_centers[None, :, None, 1]
    x0, y0, x1, y1 = (side[:, None, :] for side in boxes.unbind(dim=2))
    distances = torch.stack([x - x0, y - y0, x1 - x, y1 - y], dim=3)  # (batch, anchors, gt, 4)
    matched &= distances.min(dim=3).values > 0

    # each level is responsible for one range of object sizes
    lower_bound = anchor_sizes * 4
    lower_bound[:first_level_anchors] = 0
    upper_bound = anchor_sizes * 8
    upper_bound[anchors.shape[0] - last_level_anchors :] = float("inf")
    largest = distances.max(dim=3).values
    matched &= (largest > lower_bound[None, :, None]) & (largest < upper_bound[None, :, None])
    matched &= valid[:, None, :]

    # the smallest matching box wins
    areas = (boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1])  # (batch, gt)
    preference = matched.to(boxes.dtype) * (_SMALLEST_BOX_BASE - areas[:, None, :])
    best, indices = preference.max(dim=2)
    return torch.where(best < _UNMATCHED_BELOW, BELOW_LOW_THRESHOLD, indices)
