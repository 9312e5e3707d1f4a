"""Loss terms of detection heads, computed for a whole batch at once."""

from plugtrain.losses._dense import (
    BoxLoss,
    anchor_box_loss,
    centerness_targets,
    focal_loss_per_image,
)

__all__ = ["BoxLoss", "anchor_box_loss", "centerness_targets", "focal_loss_per_image"]
