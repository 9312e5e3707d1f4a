"""The one rule of what a ``faster_rcnn`` head needs from the backbone (torch-free, so the
static checks and the builders share it)."""

from typing import Final

from plugtrain.config import FasterRCNNHeadConfig, ModelConfig
from plugtrain.errors import CompatibilityError

__all__ = ["TWO_STAGE_LEVELS", "check_two_stage_backbone"]

TWO_STAGE_LEVELS: Final = (2, 3, 4, 5)
"""The FPN levels Faster R-CNN pools regions from (its RPN also proposes on a pooled P6)."""


def check_two_stage_backbone(model: ModelConfig, names: tuple[str, ...]) -> None:
    """``CompatibilityError`` when ``model`` has a ``faster_rcnn`` head and the backbone's
    level ``names`` are not C2..C5."""
    if not isinstance(model.head, FasterRCNNHeadConfig):
        return
    wanted = tuple(f"C{level}" for level in TWO_STAGE_LEVELS)
    if names != wanted:
        raise CompatibilityError(
            problem=f"faster_rcnn needs the backbone levels {', '.join(wanted)} for its FPN; "
            f"the backbone gives {', '.join(names)}",
            producer=f"backbone {model.backbone.type}: {', '.join(names)}",
            consumer=f"neck fpn of head faster_rcnn: {', '.join(wanted)}",
            fix="set model.backbone.out_levels: [2, 3, 4, 5] (a torchvision backbone: "
            'return_nodes naming C2..C5, e.g. {"layer1": "C2", "layer2": "C3", "layer3": '
            '"C4", "layer4": "C5"})',
        )
