"""Self-supervised configs into parts: the reconstruction and projection heads, the
AutoEncoder (task ``autoencoder``) and the ContrastiveModel (task ``contrastive``).

Both models take the configured backbone (with its ``weights``) and optional neck, so
what they learn is the backbone a detector or classifier uses later.
"""

from plugtrain.builders._model import BuilderError, build_backbone, build_neck
from plugtrain.builders._parts import WeightsListener
from plugtrain.components import ProjectionHead, ReconstructionHead
from plugtrain.config import ModelConfig, ProjectionHeadConfig, ReconstructionHeadConfig
from plugtrain.errors import ArgumentError
from plugtrain.models import AutoEncoder, BackboneEncoder, ContrastiveModel
from plugtrain.registry import REGISTRY
from plugtrain.structures import FeatureSpec

__all__ = [
    "build_autoencoder",
    "build_contrastive_model",
    "build_projection_head",
    "build_reconstruction_head",
]


def _spec(in_spec: FeatureSpec | None, part: str) -> FeatureSpec:
    if in_spec is None:
        raise ArgumentError(
            part=part,
            argument="in_spec",
            received=None,
            expected="the FeatureSpec of the backbone (or neck)",
            fix="build the backbone first and pass its feature_spec",
        )
    return in_spec


@REGISTRY.builds("head", "reconstruction", ReconstructionHeadConfig)
def build_reconstruction_head(
    config: ReconstructionHeadConfig, in_spec: FeatureSpec | None
) -> ReconstructionHead:
    """``ReconstructionHead`` decoding ``config.level`` of ``in_spec``."""
    return ReconstructionHead(
        in_spec=_spec(in_spec, "ReconstructionHead"),
        level=config.level,
        channels=None if config.channels is None else tuple(config.channels),
    )


@REGISTRY.builds("head", "projection", ProjectionHeadConfig)
def build_projection_head(
    config: ProjectionHeadConfig, in_spec: FeatureSpec | None
) -> ProjectionHead:
    """``ProjectionHead`` pooling ``config.level`` of ``in_spec``."""
    return ProjectionHead(
        in_spec=_spec(in_spec, "ProjectionHead"),
        hidden_dim=config.hidden_dim,
        out_dim=config.out_dim,
        level=config.level,
    )


def _wrong_head(builder: str, config: ModelConfig, wanted: str) -> ArgumentError:
    return ArgumentError(
        part=builder,
        argument="config",
        received=f"model.head.type: {config.head.type}",
        expected=f"model.head.type: {wanted}",
        fix=f"set model.head: {{type: {wanted}}}",
    )


def build_autoencoder(
    config: ModelConfig, *, on_weights: WeightsListener | None = None
) -> AutoEncoder:
    """Backbone (+ neck) as the encoder, the ``reconstruction`` head as the decoder."""
    head = config.head
    if not isinstance(head, ReconstructionHeadConfig):
        raise _wrong_head("build_autoencoder", config, "reconstruction")
    backbone = build_backbone(config.backbone, on_weights=on_weights)
    neck = build_neck(config.neck, backbone.feature_spec)
    spec = (neck or backbone).feature_spec
    decoder = REGISTRY.builder("head", head.type)(head, spec)
    if not isinstance(decoder, ReconstructionHead):
        raise BuilderError(f"the head builder {head.type!r} made a {type(decoder).__name__}")
    encoder = BackboneEncoder(backbone=backbone, neck=neck, level=decoder.level)
    return AutoEncoder(encoder=encoder, decoder=decoder)


def build_contrastive_model(
    config: ModelConfig, *, on_weights: WeightsListener | None = None
) -> ContrastiveModel:
    """Backbone (+ neck) and the ``projection`` head wired into a ``ContrastiveModel``."""
    head = config.head
    if not isinstance(head, ProjectionHeadConfig):
        raise _wrong_head("build_contrastive_model", config, "projection")
    backbone = build_backbone(config.backbone, on_weights=on_weights)
    neck = build_neck(config.neck, backbone.feature_spec)
    built = REGISTRY.builder("head", head.type)(head, (neck or backbone).feature_spec)
    if not isinstance(built, ProjectionHead):
        raise BuilderError(f"the head builder {head.type!r} made a {type(built).__name__}")
    return ContrastiveModel(backbone=backbone, neck=neck, head=built)
