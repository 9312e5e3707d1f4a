"""Tensor aliases, the ``checked`` decorator and the switch for runtime shape checks."""

from plugtrain.typing._aliases import (
    Boxes,
    BoxesBatch,
    FeatureMap,
    Image,
    ImageBatch,
    Labels,
    Logits,
    Mask,
    MaskBatch,
    Scores,
)
from plugtrain.typing._checked import checked, checked_dataclass
from plugtrain.typing._switch import CHECKS_AT_IMPORT, checks_disabled, checks_enabled

__all__ = [
    "CHECKS_AT_IMPORT",
    "Boxes",
    "BoxesBatch",
    "FeatureMap",
    "Image",
    "ImageBatch",
    "Labels",
    "Logits",
    "Mask",
    "MaskBatch",
    "Scores",
    "checked",
    "checked_dataclass",
    "checks_disabled",
    "checks_enabled",
]
