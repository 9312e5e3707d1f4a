"""Model configs into parts: the only place that reads a ModelConfig.

Every part is built by the builder its ``type`` is registered with
(``plugtrain.registry.REGISTRY``); ``plugtrain validate`` builds through these same
functions on the meta device.
"""

from typing import Final

from plugtrain.builders._parts import WeightsListener, load_configured_weights
from plugtrain.components import Backbone, Neck
from plugtrain.components.heads import DetectionHead
from plugtrain.config import BackboneConfig, FPNConfig, HeadConfig, ModelConfig, Path
from plugtrain.errors import ArgumentError, PlugtrainError
from plugtrain.models import Detector
from plugtrain.registry import REGISTRY
from plugtrain.structures import FeatureSpec

__all__ = [
    "BuilderError",
    "argument_path",
    "assemble_detector",
    "build_backbone",
    "build_detector",
    "build_head",
    "build_neck",
]

_POSTPROCESS: Final = {
    ("Detector", "score_threshold"): "score_threshold",
    ("Detector", "nms_iou_threshold"): "nms_iou_threshold",
    ("Detector", "topk_candidates"): "topk_candidates",
    ("Detector", "max_detections"): "max_detections",
}


class BuilderError(PlugtrainError):
    """A registered builder returned something else than its slot's part (a bug)."""


def build_backbone(
    config: BackboneConfig, *, on_weights: WeightsListener | None = None
) -> Backbone:
    """The configured backbone (random init unless ``weights`` names a local file)."""
    built = REGISTRY.builder("backbone", config.type)(config, None)
    if not isinstance(built, Backbone):
        raise BuilderError(f"the backbone builder {config.type!r} made a {type(built).__name__}")
    load_configured_weights(built, config.weights, on_weights)
    return built


def build_neck(config: FPNConfig | None, in_spec: FeatureSpec) -> Neck | None:
    """The configured neck for features of ``in_spec``, or None."""
    if config is None:
        return None
    built = REGISTRY.builder("neck", config.type)(config, in_spec)
    if not isinstance(built, Neck):
        raise BuilderError(f"the neck builder {config.type!r} made a {type(built).__name__}")
    return built


def build_head(config: HeadConfig, in_spec: FeatureSpec) -> DetectionHead:
    """The configured detection head for features of ``in_spec``."""
    built = REGISTRY.builder("head", config.type)(config, in_spec)
    if not isinstance(built, DetectionHead):
        raise BuilderError(f"the head builder {config.type!r} made a {type(built).__name__}")
    return built


def assemble_detector(
    config: ModelConfig, *, backbone: Backbone, neck: Neck | None, head: DetectionHead
) -> Detector:
    """Built parts wired into a Detector with the configured postprocessing."""
    post = config.postprocess
    return Detector(
        backbone=backbone,
        neck=neck,
        head=head,
        num_classes=config.head.num_classes,
        score_threshold=post.score_threshold,
        nms_iou_threshold=post.nms_iou_threshold,
        topk_candidates=post.topk_candidates,
        max_detections=post.max_detections,
    )


def build_detector(config: ModelConfig, *, on_weights: WeightsListener | None = None) -> Detector:
    """Backbone, neck and head wired into a Detector with the configured postprocessing.

    ``on_weights`` is told what loading the backbone's weights did (nothing when there
    are none).
    """
    backbone = build_backbone(config.backbone, on_weights=on_weights)
    neck = build_neck(config.neck, backbone.feature_spec)
    head = build_head(config.head, (neck or backbone).feature_spec)
    return assemble_detector(config, backbone=backbone, neck=neck, head=head)


def argument_path(config: ModelConfig, error: ArgumentError) -> Path:
    """The config path of the setting behind a part's ``ArgumentError``: the key from the
    part type's argument table, else its section (``("model", "head")``)."""
    sections: list[tuple[Path, str | None]] = [
        (("model", "backbone"), REGISTRY.config_key("backbone", config.backbone.type, error)),
        (("model", "head"), REGISTRY.config_key("head", config.head.type, error)),
    ]
    if config.neck is not None:
        sections.append((("model", "neck"), REGISTRY.config_key("neck", config.neck.type, error)))
    for section, key in sections:
        if key is not None:
            return (*section, key)
    postprocess = _POSTPROCESS.get((error.part, error.argument))
    if postprocess is not None:
        return ("model", "postprocess", postprocess)
    return ("model",)
