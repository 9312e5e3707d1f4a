"""BackboneEncoder: any backbone (and optional neck) as the Encoder of an AutoEncoder.

The latent is one level of the pyramid (default the last, coarsest one), so the auto-encoder
of the ``autoencoder`` task trains exactly the backbone a detector or classifier uses, and
its checkpoint's ``backbone.*`` weights load into one.
"""

from typing import Final, final

from jaxtyping import Float
from torch import Tensor

from plugtrain.components import Backbone, Encoder, Neck
from plugtrain.components.heads._level import level_index
from plugtrain.errors import CompatibilityError
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["BackboneEncoder"]


def _pyramid_spec(backbone: Backbone, neck: Neck | None) -> FeatureSpec:
    if neck is None:
        return backbone.feature_spec
    backbone.feature_spec.require_fits(
        neck.in_spec, producer=type(backbone).__name__, consumer=type(neck).__name__
    )
    return neck.feature_spec


@final
class BackboneEncoder(Encoder):
    """``neck(backbone(images))[level]``: ``(batch, channels, height / stride, width / stride)``
    of level ``level`` (``None``: the last one); the stride must be a power of two."""

    def __init__(self, *, backbone: Backbone, neck: Neck | None = None, level: str | None = None):
        super().__init__()
        spec = _pyramid_spec(backbone, neck)
        index = level_index(spec, level, consumer="BackboneEncoder")
        chosen = spec.levels[index]
        if chosen.stride & (chosen.stride - 1):
            raise CompatibilityError(
                problem=f"level {chosen.name} has stride {chosen.stride}, no power of two",
                producer=f"pyramid: {spec}",
                consumer="BackboneEncoder: a level at stride 2**k",
                fix="encode a level Ck or Pk (stride 2**k)",
            )
        self.backbone = backbone
        self.neck = neck
        self.feature_spec: Final = spec
        self.level: Final = chosen.name
        self._index: Final = index
        self._latent_channels: Final = chosen.channels
        self._reduction: Final = chosen.stride

    @property
    def latent_channels(self) -> int:
        return self._latent_channels

    @property
    def reduction(self) -> int:
        return self._reduction

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 height width"]
    ) -> Float[Tensor, "batch latent_channels latent_h latent_w"]:
        """The chosen level of the pyramid of normalised images."""
        features: list[Tensor] = self.backbone(images)
        if self.neck is not None:
            features = self.neck(features)
        return features[self._index]
