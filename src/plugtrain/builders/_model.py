"""Model configs into parts: the only place that reads a ModelConfig."""

from plugtrain.components import Backbone, Neck
from plugtrain.components.backbones import (
    TinyBackbone,
    TorchvisionBackbone,
    build_resnet_backbone,
    load_weights,
)
from plugtrain.components.heads import DetectionHead, FCOSHead, RetinaNetHead
from plugtrain.components.necks import FPN
from plugtrain.config import (
    BackboneConfig,
    FCOSHeadConfig,
    FPNConfig,
    HeadConfig,
    ModelConfig,
    ResNetBackboneConfig,
    TinyBackboneConfig,
)
from plugtrain.models import Detector
from plugtrain.structures import FeatureSpec

__all__ = ["build_backbone", "build_detector", "build_head", "build_neck"]


def build_backbone(config: BackboneConfig) -> Backbone:
    """The configured backbone (random init unless ``weights`` names a local file)."""
    if isinstance(config, ResNetBackboneConfig):
        return build_resnet_backbone(
            depth=config.depth,
            out_levels=tuple(config.out_levels),
            frozen_stages=config.frozen_stages,
            norm=config.norm,
            weights=config.weights,
        )
    backbone: Backbone
    if isinstance(config, TinyBackboneConfig):
        backbone = TinyBackbone(
            channels=tuple(config.channels), out_levels=tuple(config.out_levels)
        )
    else:
        from plugtrain.validation import torchvision_backbone_model

        backbone = TorchvisionBackbone(
            model=torchvision_backbone_model(config), return_nodes=dict(config.return_nodes)
        )
    if config.weights is not None:
        load_weights(backbone, config.weights, part=type(backbone).__name__)
    return backbone


def build_neck(config: FPNConfig | None, in_spec: FeatureSpec) -> Neck | None:
    """The configured neck for features of ``in_spec``, or None."""
    if config is None:
        return None
    return FPN(
        in_spec=in_spec,
        channels=config.channels,
        out_levels=tuple(config.out_levels),
        extra_source=config.extra_source,
        norm=config.norm,
    )


def build_head(config: HeadConfig, in_spec: FeatureSpec) -> DetectionHead:
    """The configured detection head for features of ``in_spec``."""
    if isinstance(config, FCOSHeadConfig):
        return FCOSHead(
            in_spec=in_spec,
            num_classes=config.num_classes,
            num_convs=config.num_convs,
            norm=config.norm,
            center_sampling_radius=config.center_sampling_radius,
            anchor_sizes=None if config.anchor_sizes is None else tuple(config.anchor_sizes),
            prior_probability=config.prior_probability,
        )
    return RetinaNetHead(
        in_spec=in_spec,
        num_classes=config.num_classes,
        num_convs=config.num_convs,
        norm=config.norm,
        anchor_sizes=None
        if config.anchor_sizes is None
        else tuple(tuple(sizes) for sizes in config.anchor_sizes),
        aspect_ratios=tuple(config.aspect_ratios),
        box_loss=config.box_loss,
        fg_iou_threshold=config.fg_iou_threshold,
        bg_iou_threshold=config.bg_iou_threshold,
        prior_probability=config.prior_probability,
    )


def build_detector(config: ModelConfig) -> Detector:
    """Backbone, neck and head wired into a Detector with the configured postprocessing."""
    backbone = build_backbone(config.backbone)
    neck = build_neck(config.neck, backbone.feature_spec)
    head = build_head(config.head, (neck or backbone).feature_spec)
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
