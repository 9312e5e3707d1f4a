"""Model configs into parts: the only place that reads a ModelConfig.

Every part is built by the builder its ``type`` is registered with
(``plugtrain.registry.REGISTRY``); ``plugtrain validate`` builds through these same
functions on the meta device.
"""

from typing import Final

from plugtrain.builders._parts import WeightsListener, load_configured_weights
from plugtrain.builders._two_stage import RegionHeads
from plugtrain.components import Backbone, Neck
from plugtrain.components.heads import DetectionHead
from plugtrain.components.necks import ExtraPooledLevel
from plugtrain.config import (
    BackboneConfig,
    FasterRCNNHeadConfig,
    FCOSHeadConfig,
    FPNConfig,
    ModelConfig,
    Path,
    RetinaNetHeadConfig,
)
from plugtrain.errors import ArgumentError, CompatibilityError, PlugtrainError
from plugtrain.models import Detector, TwoStageDetector
from plugtrain.registry import REGISTRY, TWO_STAGE_LEVELS, check_two_stage_backbone
from plugtrain.structures import FeatureSpec

__all__ = [
    "BuilderError",
    "DetectorModel",
    "argument_path",
    "assemble_detector",
    "assemble_two_stage",
    "build_backbone",
    "build_detector",
    "build_head",
    "build_neck",
    "build_one_stage_detector",
    "detection_head",
    "require_two_stage_backbone",
]

_POSTPROCESS: Final = {
    ("Detector", "score_threshold"): "score_threshold",
    ("Detector", "nms_iou_threshold"): "nms_iou_threshold",
    ("Detector", "topk_candidates"): "topk_candidates",
    ("Detector", "max_detections"): "max_detections",
}


DetectorModel = Detector | TwoStageDetector
"""What a model config builds: a one-stage ``Detector`` (fcos, retinanet) or a
``TwoStageDetector`` (faster_rcnn). A closed union, not a Protocol: both are ``nn.Module``s
with ``forward(images) -> list[Detections]`` and ``loss(images, targets) -> LossBreakdown``,
which is all the trainer, evaluator and checkpoint loader use; the dry run narrows it with
``isinstance`` to run each kind's parts."""


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


def build_head(config: FCOSHeadConfig | RetinaNetHeadConfig, in_spec: FeatureSpec) -> DetectionHead:
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


def _fpn_levels_text(levels: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(level) for level in levels) + "]"


def require_two_stage_backbone(config: ModelConfig, backbone: Backbone) -> None:
    """``CompatibilityError`` unless a ``faster_rcnn`` model's backbone gives C2..C5."""
    check_two_stage_backbone(config, backbone.feature_spec.names)


def assemble_two_stage(
    config: ModelConfig, head: FasterRCNNHeadConfig, *, backbone: Backbone, neck: Neck | None
) -> TwoStageDetector:
    """The ``faster_rcnn`` parts over ``neck`` (an FPN of P2..P5, given its pooled P6)."""
    wanted = _fpn_levels_text(TWO_STAGE_LEVELS)
    if neck is None or config.neck is None or tuple(config.neck.out_levels) != TWO_STAGE_LEVELS:
        got = "none" if config.neck is None else _fpn_levels_text(tuple(config.neck.out_levels))
        raise CompatibilityError(
            problem=f"faster_rcnn pools regions from an FPN of P2..P5; the neck gives {got}",
            producer=f"neck: {got}",
            consumer=f"head faster_rcnn: an fpn with out_levels {wanted}",
            fix=f"set model.neck: {{type: fpn, out_levels: {wanted}}} and "
            f"model.backbone.out_levels: {wanted}",
        )
    pooled = ExtraPooledLevel(neck=neck)
    built = REGISTRY.builder("head", head.type)(head, pooled.feature_spec)
    if not isinstance(built, RegionHeads):
        raise BuilderError(f"the head builder {head.type!r} made a {type(built).__name__}")
    post = config.postprocess
    return TwoStageDetector(
        backbone=backbone,
        neck=pooled,
        rpn=built.rpn,
        roi_pooler=built.roi_pooler,
        box_head=built.box_head,
        box_predictor=built.box_predictor,
        proposal_sampler=built.proposal_sampler,
        num_classes=head.num_classes,
        score_threshold=post.score_threshold,
        nms_iou_threshold=post.nms_iou_threshold,
        max_detections=post.max_detections,
    )


def build_detector(
    config: ModelConfig, *, on_weights: WeightsListener | None = None
) -> DetectorModel:
    """Backbone, neck and head wired into a Detector with the configured postprocessing.

    ``on_weights`` is told what loading the backbone's weights did (nothing when there
    are none).
    """
    head_config = detection_head(config)
    backbone = build_backbone(config.backbone, on_weights=on_weights)
    require_two_stage_backbone(config, backbone)
    neck = build_neck(config.neck, backbone.feature_spec)
    if isinstance(head_config, FasterRCNNHeadConfig):
        return assemble_two_stage(config, head_config, backbone=backbone, neck=neck)
    head = build_head(head_config, (neck or backbone).feature_spec)
    return assemble_detector(config, backbone=backbone, neck=neck, head=head)


def detection_head(
    config: ModelConfig,
) -> FCOSHeadConfig | RetinaNetHeadConfig | FasterRCNNHeadConfig:
    """The model's head config when it is a detection head; ``ArgumentError`` otherwise."""
    head = config.head
    if isinstance(head, (FCOSHeadConfig, RetinaNetHeadConfig, FasterRCNNHeadConfig)):
        return head
    raise ArgumentError(
        part="build_detector",
        argument="config",
        received=f"model.head.type: {head.type}",
        expected="a detection head: fcos, retinanet or faster_rcnn",
        fix="build the model of the config's task with plugtrain.builders.MODEL_BUILDERS "
        "(task classification: build_classifier)",
    )


def build_one_stage_detector(
    config: ModelConfig, *, on_weights: WeightsListener | None = None
) -> Detector:
    """``build_detector`` for a one-stage head (fcos, retinanet), typed as ``Detector``;
    ``ArgumentError`` for a faster_rcnn head (use ``build_detector``)."""
    if isinstance(config.head, FasterRCNNHeadConfig):
        raise ArgumentError(
            part="build_one_stage_detector",
            argument="config",
            received="model.head.type: faster_rcnn",
            expected="a one-stage head: fcos or retinanet",
            fix="call build_detector, which builds a TwoStageDetector for faster_rcnn",
        )
    built = build_detector(config, on_weights=on_weights)
    if not isinstance(built, Detector):
        raise BuilderError(f"a {config.head.type} head built a {type(built).__name__}")
    return built


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
            return (*section, *key.split("."))
    postprocess = _POSTPROCESS.get((error.part, error.argument))
    if postprocess is not None:
        return ("model", "postprocess", postprocess)
    return ("model",)
