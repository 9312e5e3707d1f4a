"""The builder of every registered part type: config section -> part.

Each builder is registered once in ``plugtrain.registry.REGISTRY``; the builders are the
only code that reads part configs. A backbone's ``weights`` are loaded here, by the one
loader (``load_backbone_weights``), in ``plugtrain train`` and ``plugtrain validate`` alike.
"""

from collections.abc import Callable

from plugtrain.builders._torchvision import torchvision_model
from plugtrain.components import Backbone, Neck
from plugtrain.components.backbones import (
    TinyBackbone,
    TorchvisionBackbone,
    WeightsReport,
    build_resnet_backbone,
    load_backbone_weights,
)
from plugtrain.components.heads import DetectionHead, FCOSHead, RetinaNetHead
from plugtrain.components.necks import FPN
from plugtrain.config import (
    FCOSHeadConfig,
    FPNConfig,
    ResNetBackboneConfig,
    RetinaNetHeadConfig,
    TinyBackboneConfig,
    TorchvisionBackboneConfig,
)
from plugtrain.errors import ArgumentError
from plugtrain.registry import REGISTRY
from plugtrain.structures import FeatureSpec

__all__ = [
    "WeightsListener",
    "build_fcos",
    "build_fpn",
    "build_resnet",
    "build_retinanet",
    "build_tiny",
    "build_torchvision",
    "load_configured_weights",
]

WeightsListener = Callable[[WeightsReport], None]
"""Told what loading a backbone's weights did (the validation summary lists it)."""


def _needs(in_spec: FeatureSpec | None, part: str) -> FeatureSpec:
    if in_spec is None:
        raise ArgumentError(
            part=part,
            argument="in_spec",
            received=None,
            expected="the FeatureSpec of the part before it",
            fix="build the backbone first and pass its feature_spec",
        )
    return in_spec


@REGISTRY.builds("backbone", "resnet", ResNetBackboneConfig)
def build_resnet(config: ResNetBackboneConfig, _in_spec: FeatureSpec | None) -> Backbone:
    """``build_resnet_backbone`` with the config's depth, levels, frozen stages and norm."""
    return build_resnet_backbone(
        depth=config.depth,
        out_levels=tuple(config.out_levels),
        frozen_stages=config.frozen_stages,
        norm=config.norm,
    )


@REGISTRY.builds("backbone", "tiny", TinyBackboneConfig)
def build_tiny(config: TinyBackboneConfig, _in_spec: FeatureSpec | None) -> Backbone:
    """``TinyBackbone`` with the config's channels and levels."""
    return TinyBackbone(channels=tuple(config.channels), out_levels=tuple(config.out_levels))


@REGISTRY.builds("backbone", "torchvision", TorchvisionBackboneConfig)
def build_torchvision(config: TorchvisionBackboneConfig, _in_spec: FeatureSpec | None) -> Backbone:
    """The named torchvision classification model (random init) cut at ``return_nodes``."""
    return TorchvisionBackbone(
        model=torchvision_model(config.model), return_nodes=dict(config.return_nodes)
    )


@REGISTRY.builds("neck", "fpn", FPNConfig)
def build_fpn(config: FPNConfig, in_spec: FeatureSpec | None) -> Neck:
    """``FPN`` over the levels of ``in_spec``."""
    return FPN(
        in_spec=_needs(in_spec, "FPN"),
        channels=config.channels,
        out_levels=tuple(config.out_levels),
        extra_source=config.extra_source,
        norm=config.norm,
    )


@REGISTRY.builds("head", "fcos", FCOSHeadConfig)
def build_fcos(config: FCOSHeadConfig, in_spec: FeatureSpec | None) -> DetectionHead:
    """``FCOSHead`` for features of ``in_spec``."""
    return FCOSHead(
        in_spec=_needs(in_spec, "FCOSHead"),
        num_classes=config.num_classes,
        num_convs=config.num_convs,
        norm=config.norm,
        center_sampling_radius=config.center_sampling_radius,
        anchor_sizes=None if config.anchor_sizes is None else tuple(config.anchor_sizes),
        prior_probability=config.prior_probability,
    )


@REGISTRY.builds("head", "retinanet", RetinaNetHeadConfig)
def build_retinanet(config: RetinaNetHeadConfig, in_spec: FeatureSpec | None) -> DetectionHead:
    """``RetinaNetHead`` for features of ``in_spec``."""
    return RetinaNetHead(
        in_spec=_needs(in_spec, "RetinaNetHead"),
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


def load_configured_weights(
    backbone: Backbone, weights: str | None, listener: WeightsListener | None
) -> None:
    """Load ``weights`` (when set) into the backbone, telling ``listener`` what happened."""
    if weights is None:
        return
    report = load_backbone_weights(backbone, weights)
    if listener is not None:
        listener(report)
