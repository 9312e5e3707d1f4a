"""Loss terms of detection heads, computed for a whole batch at once, and SimCLR's NT-Xent."""

from plugtrain.losses._dense import (
    BoxLoss,
    anchor_box_loss,
    centerness_targets,
    focal_loss_per_image,
)
from plugtrain.losses._nt_xent import nt_xent_loss

__all__ = [
    "BoxLoss",
    "anchor_box_loss",
    "centerness_targets",
    "focal_loss_per_image",
    "nt_xent_loss",
]
