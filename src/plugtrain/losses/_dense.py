"""Loss terms of dense detection heads, per anchor or per image (no reduction over images).

Built on torchvision's ``sigmoid_focal_loss``, ``generalized_box_iou_loss`` and box
coders; what is added is the bookkeeping that lets a whole batch be scored at once.
"""

from collections.abc import Sequence
from typing import Final, Literal

import torch
from jaxtyping import Bool, Float, Int64
from torch import Tensor
from torch.nn import functional
from torchvision.models.detection._utils import BoxCoder
from torchvision.ops import generalized_box_iou_loss, sigmoid_focal_loss

from plugtrain.errors import ShapeError
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
    logits: Sequence[Float[Tensor, "batch _ classes"]],
    labels: Int64[Tensor, "batch anchors"],
    *,
    ignored: Bool[Tensor, "batch anchors"] | None = None,
    alpha: float = 0.25,
    gamma: float = 2.0,
) -> Float[Tensor, " batch"]:
    """Sigmoid focal loss summed over the anchors and classes of each image.

    ``logits``: per pyramid level (or one tensor in a list), the levels' anchors in the
    order of ``labels``. ``labels``: the class of each foreground anchor, any negative
    value for background (all classes are negatives). ``ignored`` anchors add nothing.

    Computed for all images at once, in blocks of about 4M logits: large levels are cut,
    small consecutive ones joined. This keeps the temporaries of the loss small enough to
    be reused by the allocator, without a copy of all the logits and without many small
    operations.
    """
    batch, total = int(labels.shape[0]), int(labels.shape[1])
    found = sum(int(level.shape[1]) for level in logits)
    if not logits or found != total:
        raise ShapeError(
            component="plugtrain.losses",
            method="focal_loss_per_image",
            argument="logits",
            expected=f"levels of {total} anchors in all, as labels",
            actual=f"{len(logits)} levels of {found} anchors in all",
            bindings={"batch": batch, "anchors": total},
            reason=f"the logits have {found} anchors, the labels {total}",
            fix="pass the logits of every level the labels were assigned for",
        )
    step = max(1, _BLOCK_ELEMENTS // max(1, batch * int(logits[0].shape[2])))
    groups: list[list[Tensor]] = []
    size = step  # start a new group at the first piece
    for level in logits:
        for piece in torch.split(level, step, dim=1):
            if size + int(piece.shape[1]) > step:
                groups.append([])
                size = 0
            groups[-1].append(piece)
            size += int(piece.shape[1])
    sums: list[Tensor] = []
    start = 0
    for group in groups:
        block = group[0] if len(group) == 1 else torch.cat(group, dim=1)
        stop = start + int(block.shape[1])
        skip = ignored[:, start:stop] if ignored is not None else None
        sums.append(_focal_block(block, labels[:, start:stop], skip, alpha=alpha, gamma=gamma))
        start = stop
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
