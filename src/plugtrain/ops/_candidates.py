"""Candidate detections of a batch, before non-maximum suppression.

Candidates are kept flat (one row per candidate, with the index of its image) so that
every step after the head (score threshold, top-k per level, decoding, clipping, NMS)
runs once for the whole batch instead of once per image.
"""

from dataclasses import dataclass

import torch
from jaxtyping import Float, Int64
from torch import Tensor

from plugtrain.typing import checked, checked_dataclass

__all__ = ["Candidates", "clip_to_images", "region_candidates", "top_candidates"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class Candidates:
    """Scored boxes of a batch before NMS.

    ``boxes``: (num, 4) xyxy in pixels of the network input, clipped to their image;
    ``scores`` in [0, 1]; ``labels``: 0-based class ids; ``images``: the index of the
    image in the batch each candidate belongs to.
    """

    boxes: Float[Tensor, "num 4"]
    scores: Float[Tensor, " num"]
    labels: Int64[Tensor, " num"]
    images: Int64[Tensor, " num"]

    def __len__(self) -> int:
        return int(self.boxes.shape[0])

    @staticmethod
    def empty(*, dtype: torch.dtype, device: torch.device) -> "Candidates":
        """No candidates (boxes of ``dtype`` on ``device``)."""
        indices = torch.zeros(0, dtype=torch.int64, device=device)
        return Candidates(
            boxes=torch.zeros((0, 4), dtype=dtype, device=device),
            scores=torch.zeros(0, dtype=dtype, device=device),
            labels=indices,
            images=indices,
        )


@checked
def top_candidates(
    scores: Float[Tensor, "batch num"], *, threshold: float, k: int
) -> tuple[Int64[Tensor, " kept"], Int64[Tensor, " kept"]]:
    """(image, position) of the ``k`` best scores above ``threshold`` in each row.

    Selects what torchvision's per-image ``scores[scores > threshold].topk(k)`` selects,
    for all rows at once: when no row has more than ``k`` scores above the threshold (a
    trained detector) they are all kept without sorting; otherwise one ``topk`` runs over
    the rows with the scores below the threshold masked out. Results are grouped by image
    (ascending), in no particular order within an image.
    """
    keep = scores > threshold
    counts = torch.count_nonzero(keep, dim=1)
    if counts.numel() == 0 or int(counts.max()) <= k:
        image, position = keep.nonzero(as_tuple=True)
        return image, position
    masked = scores.masked_fill(~keep, float("-inf"))
    best, position = masked.topk(k, dim=1, sorted=False)
    chosen = best > float("-inf")
    rows = torch.arange(scores.shape[0], device=scores.device)[:, None].expand_as(position)
    return rows[chosen], position[chosen]


@checked
def clip_to_images(
    boxes: Float[Tensor, "num 4"],
    images: Int64[Tensor, " num"],
    image_sizes: Int64[Tensor, "batch 2"],
) -> Float[Tensor, "num 4"]:
    """Clip each box to its image's (height, width), as torchvision's ``clip_boxes_to_image``."""
    sizes = image_sizes.to(boxes.dtype)[images]  # (num, 2): height, width
    zero = boxes.new_zeros(())
    x = boxes[:, 0::2].clamp(min=zero).minimum(sizes[:, 1:2])
    y = boxes[:, 1::2].clamp(min=zero).minimum(sizes[:, 0:1])
    return torch.stack((x, y), dim=2).reshape(boxes.shape)


@checked
def region_candidates(
    scores: Float[Tensor, "rois classes"],
    boxes: Float[Tensor, "rois classes 4"],
    images: Int64[Tensor, " rois"],
    image_sizes: Int64[Tensor, "batch 2"],
    *,
    score_threshold: float,
    min_size: float,
) -> Candidates:
    """Candidates of a two-stage detector: every (region, foreground class) pair whose
    probability is above ``score_threshold`` and whose box, clipped to its image, has both
    sides of at least ``min_size``, as torchvision's ``RoIHeads.postprocess_detections``
    for all images at once. Column 0 of ``scores`` / ``boxes`` is the background;
    labels are 0-based foreground classes (column - 1)."""
    rois, classes = int(scores.shape[0]), int(scores.shape[1]) - 1
    per_pair = images[:, None].expand(rois, classes).reshape(-1)
    flat = clip_to_images(boxes[:, 1:].reshape(-1, 4), per_pair, image_sizes)
    flat_scores = scores[:, 1:].reshape(-1)
    labels = torch.arange(classes, device=scores.device).repeat(rois)
    sides = flat[:, 2:] - flat[:, :2]
    keep = (flat_scores > score_threshold) & (sides >= min_size).all(dim=1)
    return Candidates(
        boxes=flat[keep], scores=flat_scores[keep], labels=labels[keep], images=per_pair[keep]
    )
