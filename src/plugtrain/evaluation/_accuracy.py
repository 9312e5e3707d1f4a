"""Top-1 accuracy of class logits, accumulated batch by batch."""

from typing import final

from jaxtyping import Float, Int64
from torch import Tensor

from plugtrain.errors import ArgumentError
from plugtrain.typing import checked

__all__ = ["Top1Accuracy"]


@final
class Top1Accuracy:
    """The fraction of images whose highest logit is their label (``nan`` before any)."""

    def __init__(self) -> None:
        self.correct = 0
        self.total = 0

    @checked
    def update(
        self, logits: Float[Tensor, "batch classes"], labels: Int64[Tensor, " batch"]
    ) -> None:
        """Count one batch: ``logits`` of ``(batch, classes)``, 0-based ``labels``."""
        if bool(((labels < 0) | (labels >= logits.shape[1])).any()):
            raise ArgumentError(
                part="Top1Accuracy",
                argument="labels",
                received=f"labels in [{int(labels.min())}, {int(labels.max())}]",
                expected=f"0-based labels in [0, {logits.shape[1]})",
                fix="the model's number of classes must equal the data set's",
            )
        self.correct += int((logits.argmax(dim=1) == labels).sum())
        self.total += int(labels.shape[0])

    def compute(self) -> float:
        """Correct / seen, in [0, 1]; ``nan`` when nothing was counted."""
        return self.correct / self.total if self.total else float("nan")

    def reset(self) -> None:
        self.correct = 0
        self.total = 0
