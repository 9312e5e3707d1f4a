"""Detections: what a detector returns for one image."""

from dataclasses import dataclass

from jaxtyping import Float, Int64
from torch import Tensor

from plugtrain.typing import checked_dataclass

__all__ = ["Detections"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class Detections:
    """Detections of one image, best score first.

    ``boxes``: (num, 4) xyxy in the input image's absolute pixels; ``scores``: (num,) in
    [0, 1]; ``labels``: (num,) 0-based foreground class ids.
    """

    boxes: Float[Tensor, "num 4"]
    scores: Float[Tensor, " num"]
    labels: Int64[Tensor, " num"]

    def __len__(self) -> int:
        return int(self.boxes.shape[0])

    def to(self, device: str) -> "Detections":
        return Detections(
            boxes=self.boxes.to(device),
            scores=self.scores.to(device),
            labels=self.labels.to(device),
        )
