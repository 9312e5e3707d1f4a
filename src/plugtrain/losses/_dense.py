"""Loss terms of dense detection heads, per anchor or per image (no reduction over images).

Built on torchvision's ``sigmoid_focal_loss``, ``generalized_box_iou_loss`` and box
coders; what is added is the bookkeeping that lets a whole batch be scored at once.
"""

from typing import Final, Literal

import torch
from jaxtyping import Bool, Float, Int64
from torch import Tensor
from torch.nn import functional
from torchvision.models.detection._utils import BoxCoder
from torchvision.ops import generalized_box_iou_loss, sigmoid_focal_loss

from plugtrain.typing import checked

__all__ = ["BoxLoss", "anchor_box_loss", "centerness_targets", "focal_loss_per_image"]

BoxLoss = Literal["l1", "smooth_l1", "giou"]
"""Box regression loss of anchor-based heads: on encoded deltas (``l1``, ``smooth_l1`` with
beta 1) or on decoded boxes (``giou``), as torchvision's ``_box_loss``."""

_SMOOTH_L1_BETA: Final = 1.0
_GIOU_EPS: Final = 1e-7
_BLOCK_ELEMENTS: Final = 1 << 22
"""Logits per block of the focal loss (16 MB in float32). glibc's allocator serves blocks
up to 32 MB from memory it keeps, but maps larger ones fresh from the OS on every call: a
whole (batch, anchors, classes) temporary of RetinaNet at 512x512, batch 2, is 36 MB and
costs about 9,000 page faults each time, for each of the loss's dozen temporaries.
Smaller blocks were a little faster still on an idle CPU, but multiply small parallel
ops, which stall when other processes compete for the cores."""


@checked
def focal_loss_per_image(
    logits: Float[Tensor, "batch anchors classes"],
    labels: Int64[Tensor, "batch anchors"],
    *,
    ignored: Bool[Tensor, "batch anchors"] | None = None,
    alpha: float = 0.25,
    gamma: float = 2.0,
) -> Float[Tensor, " batch"]:
    """Sigmoid focal loss summed over the anchors and classes of each image.

    ``labels``: the class of each foreground anchor, any negative value for background
    (all classes are negatives). ``ignored`` anchors add nothing. Computed block by block
    over the anchors (all images at once), which keeps the temporaries small.
    """
    batch, _, classes = logits.shape
    step = max(1, _BLOCK_ELEMENTS // max(1, batch * classes))
    logit_blocks = torch.split(logits, step, dim=1)
    label_blocks = torch.split(labels, step, dim=1)
    ignored_blocks = (
        torch.split(ignored, step, dim=1) if ignored is not None else (None,) * len(label_blocks)
    )
    sums = [
        _focal_block(x, y, skip, alpha=alpha, gamma=gamma)
        for x, y, skip in zip(logit_blocks, label_blocks, ignored_blocks, strict=True)
    ]
    if not sums:
        return logits.new_zeros(batch)
    return torch.stack(sums).sum(dim=0)


def _focal_block(
    logits: Tensor, labels: Tensor, ignored: Tensor | None, *, alpha: float, gamma: float
) -> Tensor:
    foreground = labels >= 0
    targets = torch.zeros_like(logits).scatter_(
        2, labels.clamp(min=0)[..., None], foreground[..., None].to(logits.dtype)
    )
    loss = sigmoid_focal_loss(logits, targets, alpha=alpha, gamma=gamma, reduction="none")
    per_anchor = loss.sum(dim=2)
    if ignored is not None:
        per_anchor = per_anchor.masked_fill(ignored, 0.0)
    return per_anchor.sum(dim=1)


@checked
def centerness_targets(distances: Float[Tensor, "num 4"]) -> Float[Tensor, " num"]:
    """FCOS centerness of points from their (left, top, right, bottom) box distances."""
    left_right = distances[:, [0, 2]]
    top_bottom = distances[:, [1, 3]]
    return torch.sqrt(
        (left_right.min(dim=1).values / left_right.max(dim=1).values)
        * (top_bottom.min(dim=1).values / top_bottom.max(dim=1).values)
    )


@checked
def anchor_box_loss(
    kind: BoxLoss,
    coder: BoxCoder,
    *,
    regression: Float[Tensor, "num 4"],
    anchors: Float[Tensor, "num 4"],
    boxes: Float[Tensor, "num 4"],
) -> Float[Tensor, " num"]:
    """The box loss of each foreground anchor (summed over its 4 coordinates).

    ``regression``: the head's deltas; ``boxes``: the matched ground truth (xyxy).
    """
    if kind == "giou":
        predicted = coder.decode_single(regression, anchors)
        return generalized_box_iou_loss(predicted, boxes, reduction="none", eps=_GIOU_EPS)
    target = coder.encode_single(boxes, anchors)
    if kind == "l1":
        return functional.l1_loss(regression, target, reduction="none").sum(dim=1)
    return functional.smooth_l1_loss(
        regression, target, reduction="none", beta=_SMOOTH_L1_BETA
    ).sum(dim=1)
