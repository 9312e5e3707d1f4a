"""Classifier: a backbone and a classification head."""

from typing import Final, final

import torch.nn.functional as F  # noqa: N812  # torch's conventional alias
from jaxtyping import Float, Int64
from torch import Tensor, nn

from plugtrain._tensors import int_list, nonzero_indices
from plugtrain.components import Backbone, ClassificationHead
from plugtrain.errors import DataError
from plugtrain.structures import LossBreakdown
from plugtrain.typing import checked

__all__ = ["Classifier"]

_SHOWN: Final = 5


@final
class Classifier(nn.Module):
    """Images in, class logits out: ``head(backbone(images))``.

    The head must have been built for the backbone's spec
    (``ClassificationHead(in_spec=backbone.feature_spec, ...)``), else ``CompatibilityError``.
    """

    def __init__(self, *, backbone: Backbone, head: ClassificationHead) -> None:
        super().__init__()
        backbone.feature_spec.require_fits(
            head.in_spec, producer=type(backbone).__name__, consumer="ClassificationHead"
        )
        self.backbone = backbone
        self.head = head

    @property
    def num_classes(self) -> int:
        return self.head.num_classes

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch classes"]:
        """Unnormalised class scores of normalised images."""
        features: list[Tensor] = self.backbone(images)
        logits: Tensor = self.head(features)
        return logits

    @checked
    def loss(
        self, images: Float[Tensor, "batch 3 height width"], labels: Int64[Tensor, " batch"]
    ) -> LossBreakdown:
        """Cross-entropy of the logits against 0-based ``labels`` in ``[0, num_classes)``."""
        self.check_labels(labels)
        logits = self.forward(images)
        return LossBreakdown.of(classification=F.cross_entropy(logits, labels))

    def check_labels(self, labels: Int64[Tensor, " batch"]) -> None:
        """``DataError`` naming the first labels outside ``[0, num_classes)``."""
        bad = (labels < 0) | (labels >= self.num_classes)
        if bool(bad.any()):
            indices = nonzero_indices(bad)
            values = int_list(labels[bad])
            shown = ", ".join(
                f"labels[{i}]={v}" for i, v in zip(indices[:_SHOWN], values[:_SHOWN], strict=True)
            )
            more = f" and {len(indices) - _SHOWN} more" if len(indices) > _SHOWN else ""
            raise DataError(
                f"{shown}{more} outside [0, {self.num_classes}): labels are 0-based class ids; "
                f"map your data set's class ids to 0..{self.num_classes - 1}, or build the head "
                f"with more classes"
            )
