"""TargetBatch: the ground truth of a batch as padded tensors, for batched target assignment."""

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from jaxtyping import Bool, Float, Int64
from torch import Tensor
from torch.nn.utils.rnn import pad_sequence

from plugtrain.errors import DataError
from plugtrain.structures import Targets
from plugtrain.typing import checked_dataclass

__all__ = ["TargetBatch"]


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
