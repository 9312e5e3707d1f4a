"""BoxPredictor: per region, class scores and per-class box deltas (torchvision's
``FastRCNNPredictor``)."""

from dataclasses import dataclass
from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor

from plugtrain.components.heads._arguments import check_positive_int
from plugtrain.errors import ShapeError
from plugtrain.typing import checked, checked_dataclass

__all__ = ["BoxPredictions", "BoxPredictor"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class BoxPredictions:
    """``class_logits``: (regions, num_classes + 1), column 0 the background;
    ``box_deltas``: (regions, 4 * (num_classes + 1)), 4 deltas per class column."""

    class_logits: Float[Tensor, "rois classes"]
    box_deltas: Float[Tensor, "rois deltas"]


@final
class BoxPredictor(nn.Module):
    """Linear class scores (``num_classes`` foreground classes plus background) and box
    deltas from ``in_features`` per region. ``layers`` is torchvision's
    ``FastRCNNPredictor`` built for ``num_classes + 1`` (its state dict loads unchanged)."""

    def __init__(self, *, in_features: int, num_classes: int) -> None:
        super().__init__()
        self.in_features: Final = check_positive_int(
            "BoxPredictor", "in_features", in_features, meaning="features per region", fix="1024"
        )
        self.num_classes: Final = check_positive_int(
            "BoxPredictor",
            "num_classes",
            num_classes,
            meaning="the number of foreground classes (background is added)",
            fix="pass the number of classes of your data set; labels are 0 .. num_classes - 1",
        )
        self.layers = FastRCNNPredictor(in_features, num_classes + 1)

    @checked
    def forward(self, features: Float[Tensor, "rois features"]) -> BoxPredictions:
        if int(features.shape[1]) != self.in_features:
            raise ShapeError(
                component="BoxPredictor",
                method="forward",
                argument="features",
                expected=f"(rois, {self.in_features})",
                actual=f"Tensor shape={tuple(features.shape)}",
                bindings={},
                reason=f"{int(features.shape[1])} features per region, built for "
                f"{self.in_features}",
                fix="build BoxPredictor with in_features=box_head.out_features",
            )
        logits, deltas = self.layers(features)
        return BoxPredictions(class_logits=logits, box_deltas=deltas)
