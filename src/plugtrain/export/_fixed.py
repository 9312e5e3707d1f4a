"""Fixed-shape pieces shared by the exportable one- and two-stage detectors.

* ``FixedInput``: preprocessing for one input size (normalise, resize, pad), so every size
  and scale is a constant of the graph;
* ``suppress``: NMS within groups (per image and class, or per image and level) over a
  padded set of candidates, in one ``nms`` call;
* ``padded_top``: the best ``k`` survivors per image, padded, in input pixels.
"""

from typing import Final, final

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn
from torch.nn import functional
from torchvision.ops import nms

from plugtrain.ops import resized_size

__all__ = ["INVALID_SCORE", "ExportOutputs", "FixedInput", "padded_top", "suppress"]

INVALID_SCORE: Final = -1.0
"""Score of a candidate that is not one: below every real score (scores are in [0, 1])."""

ExportOutputs = tuple[
    Float[Tensor, "batch k 4"],
    Float[Tensor, "batch k"],
    Int64[Tensor, "batch k"],
    Int64[Tensor, " batch"],
]
"""(boxes, scores, labels, num_detections) of an exported detector."""


def _padded(size: tuple[int, int], divisible: int) -> tuple[int, int]:
    return (size[0] + -size[0] % divisible, size[1] + -size[1] % divisible)


@final
class FixedInput(nn.Module):
    """A detector's preprocessing for images of one ``image_size`` (height, width).

    ``forward(images)``: (batch, 3, height, width) in [0, 1] -> the normalised, resized and
    padded network input, as eager ``prepare_images`` makes it. ``resized``: the image
    inside the padding; ``padded``: the network input's size; ``box_scale``: x, y, x, y
    factors from network-input pixels back to the input's; ``group_step``: a distance no
    clipped box spans (groups of candidates spaced this far apart never meet in NMS).
    """

    image_mean: Tensor
    image_std: Tensor
    box_scale: Tensor

    def __init__(
        self,
        *,
        image_size: tuple[int, int],
        image_mean: Tensor,
        image_std: Tensor,
        min_size: int | None,
        max_size: int | None,
        size_divisible: int,
    ) -> None:
        super().__init__()
        self.image_size: Final = (int(image_size[0]), int(image_size[1]))
        resized, scale = resized_size(self.image_size, min_size=min_size, max_size=max_size)
        self.resized: Final = resized
        self.resize_needed: Final = scale is not None
        self.padded: Final = _padded(resized, size_divisible)
        self.group_step: Final = float(max(resized) + 1)
        self.register_buffer("image_mean", image_mean.clone(), persistent=False)
        self.register_buffer("image_std", image_std.clone(), persistent=False)
        # torchvision's resize_boxes: float32 ratios original / resized, x y x y
        ratio = torch.tensor(self.image_size, dtype=torch.float32) / torch.tensor(
            resized, dtype=torch.float32
        )
        self.register_buffer("box_scale", ratio[[1, 0, 1, 0]], persistent=False)

    def forward(self, images: Tensor) -> Tensor:
        mean = self.image_mean.to(images)[None, :, None, None]
        std = self.image_std.to(images)[None, :, None, None]
        tensor = (images - mean) / std
        if self.resize_needed:
            # the size eager computes with scale_factor and recompute_scale_factor=True
            tensor = functional.interpolate(
                tensor, size=self.resized, mode="bilinear", align_corners=False
            )
        pad_h = self.padded[0] - self.resized[0]
        pad_w = self.padded[1] - self.resized[1]
        if pad_h or pad_w:
            tensor = functional.pad(tensor, (0, pad_w, 0, pad_h))
        return tensor

    def clip(self, boxes: Tensor) -> Tensor:
        """``boxes`` (..., 4) xyxy clipped to the resized image, as eager clips them."""
        height, width = self.resized
        x = boxes[..., 0::2].clamp(min=0.0, max=float(width))
        y = boxes[..., 1::2].clamp(min=0.0, max=float(height))
        return torch.stack((x, y), dim=-1).reshape(boxes.shape)


def _sentinels(boxes: Tensor, group_step: float) -> Tensor:
    """Two unit boxes in groups -2 and -3, apart from every candidate and each other."""
    corner = boxes.new_tensor([[-2.0], [-3.0]]) * group_step
    return corner + boxes.new_tensor([0.0, 0.0, 1.0, 1.0])


def suppress(
    boxes: Float[Tensor, "batch count 4"],
    scores: Float[Tensor, "batch count"],
    groups: Int64[Tensor, "batch count"],
    *,
    iou_threshold: float,
    group_step: float,
) -> Float[Tensor, "batch count"]:
    """Scores after NMS within each group: suppressed and invalid candidates
    ``INVALID_SCORE``. ``scores`` are ``INVALID_SCORE`` for candidates that are not ones;
    ``groups`` (non-negative) number each (image, class) or (image, level) pair uniquely
    across the batch; boxes lie within ``group_step`` of the origin."""
    batch, count = scores.shape
    valid = scores > INVALID_SCORE
    # invalid candidates go to a group of their own, as identical unit boxes that
    # suppress each other cheaply
    group = torch.where(valid, groups, -1)
    unit = boxes.new_tensor([0.0, 0.0, 1.0, 1.0])
    shifted = (
        torch.where(valid[..., None], boxes, unit) + (group.to(boxes.dtype) * group_step)[..., None]
    )
    # torchvision's fake nms tells torch.export that NMS keeps at least 2 boxes (and a
    # .pt2 asserts it at run time): two sentinel boxes in groups of their own, which
    # nothing can suppress, make that true; their rows are dropped after.
    total = batch * count
    keep = nms(
        torch.cat([shifted.reshape(-1, 4), _sentinels(boxes, group_step)]),
        torch.cat([scores.reshape(-1), scores.new_full((2,), 2 * INVALID_SCORE)]),
        iou_threshold,
    )
    hits = torch.zeros(total + 2, dtype=torch.int64, device=scores.device)
    hits = hits.scatter(0, keep, torch.ones_like(keep))[:total]
    kept = (hits > 0).reshape(batch, count) & valid
    return torch.where(kept, scores, INVALID_SCORE)


def padded_top(
    boxes: Float[Tensor, "batch count 4"],
    scores: Float[Tensor, "batch count"],
    labels: Int64[Tensor, "batch count"],
    *,
    k: int,
    box_scale: Float[Tensor, " 4"],
) -> ExportOutputs:
    """The ``k`` best candidates of each image (scores ``INVALID_SCORE`` are none),
    boxes scaled by ``box_scale``; rows past ``num_detections`` are padding (score 0,
    label -1, box 0)."""
    taken = min(k, int(scores.shape[1]))
    best, index = scores.topk(taken, dim=1)
    found = best > INVALID_SCORE
    chosen = boxes.gather(1, index[..., None].expand(-1, -1, 4)) * box_scale.to(boxes)
    out_boxes = torch.where(found[..., None], chosen, 0.0)
    out_scores = torch.where(found, best, 0.0)
    out_labels = torch.where(found, labels.gather(1, index), -1)
    missing = k - taken
    if missing:
        out_boxes = functional.pad(out_boxes, (0, 0, 0, missing))
        out_scores = functional.pad(out_scores, (0, missing))
        out_labels = functional.pad(out_labels, (0, missing), value=-1)
    return out_boxes, out_scores, out_labels, found.sum(dim=1)
