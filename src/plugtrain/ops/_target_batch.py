"""TargetBatch: the ground truth of a batch as padded tensors, for batched target assignment.

``TargetBatch.assign`` turns the match of every anchor (``match_by_iou``, ``match_fcos``, or
any head's rule) into the label and box each anchor is trained towards, for every head.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from jaxtyping import Bool, Float, Int64
from torch import Tensor
from torch.nn.utils.rnn import pad_sequence

from plugtrain.errors import DataError
from plugtrain.ops._matching import BETWEEN_THRESHOLDS
from plugtrain.structures import Targets
from plugtrain.typing import checked, checked_dataclass

__all__ = ["AssignedTargets", "TargetBatch"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class AssignedTargets:
    """What each anchor of each image is trained towards.

    ``labels``: the matched box's class for foreground anchors, -1 otherwise; ``boxes``:
    the matched box (xyxy, network-input pixels; zeros where nothing matched: read them
    only under ``foreground``); ``foreground``: anchors matched to a box; ``ignored``:
    anchors between a matcher's thresholds (neither foreground nor background).
    """

    labels: Int64[Tensor, "batch anchors"]
    boxes: Float[Tensor, "batch anchors 4"]
    foreground: Bool[Tensor, "batch anchors"]
    ignored: Bool[Tensor, "batch anchors"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class TargetBatch:
    """Boxes and labels of every image, padded to the largest number of boxes in the batch.

    ``boxes``: (batch, max_boxes, 4) xyxy in pixels of the network input; ``labels``:
    0-based foreground ids; ``valid``: which entries are real boxes (padding is ``False``
    and holds zeros). An image without objects has no valid entry.
    """

    boxes: Float[Tensor, "batch max_boxes 4"]
    labels: Int64[Tensor, "batch max_boxes"]
    valid: Bool[Tensor, "batch max_boxes"]

    @staticmethod
    def of(
        targets: Sequence[Targets],
        *,
        box_scale: Float[Tensor, "batch 4"] | None = None,
        dtype: torch.dtype = torch.float32,
        device: torch.device | None = None,
    ) -> "TargetBatch":
        """Pad ``targets`` (boxes as ``dtype`` on ``device``); ``box_scale`` (x, y, x, y
        factors per image) resizes the boxes."""
        if not targets:
            raise DataError("TargetBatch.of needs the Targets of at least one image")
        target_device = device if device is not None else targets[0].boxes.device
        boxes = pad_sequence(
            [t.boxes.to(device=target_device, dtype=dtype) for t in targets], batch_first=True
        )
        labels = pad_sequence([t.labels.to(target_device) for t in targets], batch_first=True)
        counts = torch.tensor([len(t) for t in targets], device=target_device)
        valid = torch.arange(boxes.shape[1], device=target_device)[None, :] < counts[:, None]
        if box_scale is not None:
            boxes = boxes * box_scale.to(device=target_device, dtype=dtype)[:, None, :]
        return TargetBatch(boxes=boxes, labels=labels, valid=valid)

    @property
    def max_boxes(self) -> int:
        """The padded number of boxes per image (0 when no image has any)."""
        return int(self.boxes.shape[1])

    @checked
    def assign(self, matched: Int64[Tensor, "batch anchors"]) -> AssignedTargets:
        """Labels and boxes of the boxes ``matched`` names (an index per anchor; negative
        values, the matchers' ``BELOW_LOW_THRESHOLD`` and ``BETWEEN_THRESHOLDS``, are not
        foreground), gathered for all images at once."""
        foreground = matched >= 0
        ignored = matched == BETWEEN_THRESHOLDS
        if self.max_boxes == 0:
            batch, count = matched.shape
            labels = torch.full_like(matched, -1)
            boxes = self.boxes.new_zeros((batch, count, 4))
        else:
            index = matched.clamp(min=0)
            labels = self.labels.gather(1, index).masked_fill(~foreground, -1)
            boxes = self.boxes.gather(1, index[..., None].expand(-1, -1, 4))
        return AssignedTargets(labels=labels, boxes=boxes, foreground=foreground, ignored=ignored)
