"""ContrastiveModel: a backbone (and optional neck) with a projection head, for SimCLR.

``backbone`` is an attribute of the model, so a run's checkpoint stores it under
``model.backbone.*``: the prefix that ``weights:`` of a later detection or classification
config strips (``plugtrain.components.backbones.load_backbone_weights``).
"""

from typing import final

import torch
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.components import Backbone, Neck, ProjectionHead
from plugtrain.losses import nt_xent_loss
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked

__all__ = ["ContrastiveModel"]


@final
class ContrastiveModel(nn.Module):
    """Images in, projections out: ``head(neck(backbone(images)))``.

    The head must have been built for the pyramid's spec (``CompatibilityError`` else).
    """

    def __init__(self, *, backbone: Backbone, neck: Neck | None = None, head: ProjectionHead):
        super().__init__()
        spec: FeatureSpec = backbone.feature_spec
        if neck is not None:
            spec.require_fits(
                neck.in_spec, producer=type(backbone).__name__, consumer=type(neck).__name__
            )
            spec = neck.feature_spec
        spec.require_fits(head.in_spec, producer="the pyramid", consumer="ProjectionHead")
        self.backbone = backbone
        self.neck = neck
        self.head = head

    def _features(self, images: Tensor) -> list[Tensor]:
        features: list[Tensor] = self.backbone(images)
        return features if self.neck is None else self.neck(features)

    @checked
    def represent(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch feature_dim"]:
        """The pooled features of normalised images (what a linear probe reads)."""
        pooled: Tensor = self.head.pooled(self._features(images))
        return pooled

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch out_dim"]:
        """The projections of normalised images (what the contrastive loss compares)."""
        projected: Tensor = self.head(self._features(images))
        return projected

    @checked
    def loss(
        self,
        view_a: Float[Tensor, "batch 3 height width"],
        view_b: Float[Tensor, "batch 3 height width"],
        *,
        temperature: float,
    ) -> LossBreakdown:
        """NT-Xent of two views of each image; both views go through one forward pass, so
        BatchNorm sees the whole ``2 * batch``."""
        batch = int(view_a.shape[0])
        projected = self.forward(torch.cat([view_a, view_b]))
        return LossBreakdown.of(
            contrastive=nt_xent_loss(projected[:batch], projected[batch:], temperature=temperature)
        )
