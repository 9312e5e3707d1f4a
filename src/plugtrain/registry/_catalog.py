"""Every part type plugtrain builds: its config model, spec function and argument table.

A config section ``{type: NAME, ...}`` names one of these; ``plugtrain.builders`` registers
the one builder of each.
"""

from typing import Final

from pydantic import BaseModel

from plugtrain.config import (
    ClassificationHeadConfig,
    FasterRCNNHeadConfig,
    FCOSHeadConfig,
    FPNConfig,
    ProjectionHeadConfig,
    ReconstructionHeadConfig,
    ResNetBackboneConfig,
    RetinaNetHeadConfig,
    TinyBackboneConfig,
    TorchvisionBackboneConfig,
)
from plugtrain.errors import PlugtrainError
from plugtrain.registry._registry import PartType, Registry
from plugtrain.specs import FeatureSpec, fpn_feature_spec, resnet_feature_spec, tiny_feature_spec

__all__ = ["REGISTRY"]


class _SpecInputError(PlugtrainError):
    """A spec function called with another part's config (a bug in the registry)."""


def _resnet_spec(config: BaseModel, _in_spec: FeatureSpec | None) -> FeatureSpec | None:
    if not isinstance(config, ResNetBackboneConfig):
        raise _SpecInputError(f"resnet spec of a {type(config).__name__}")
    return resnet_feature_spec(depth=config.depth, out_levels=config.out_levels)


def _tiny_spec(config: BaseModel, _in_spec: FeatureSpec | None) -> FeatureSpec | None:
    if not isinstance(config, TinyBackboneConfig):
        raise _SpecInputError(f"tiny spec of a {type(config).__name__}")
    return tiny_feature_spec(channels=config.channels, out_levels=config.out_levels)


def _fpn_spec(config: BaseModel, in_spec: FeatureSpec | None) -> FeatureSpec | None:
    if not isinstance(config, FPNConfig):
        raise _SpecInputError(f"fpn spec of a {type(config).__name__}")
    if in_spec is None:
        return None
    return fpn_feature_spec(
        in_spec=in_spec,
        channels=config.channels,
        out_levels=config.out_levels,
        extra_source=config.extra_source,
        norm=config.norm,
    )


def _same(part: str, *arguments: str) -> dict[tuple[str, str], str]:
    return {(part, argument): argument for argument in arguments}


_HEAD_ARGUMENTS: Final = ("num_classes", "num_convs", "norm", "prior_probability", "anchor_sizes")


def _nested(part: str, section: str, *arguments: str) -> dict[tuple[str, str], str]:
    return {(part, argument): f"{section}.{argument}" for argument in arguments}


_RPN_ARGUMENTS: Final = (
    "anchor_sizes",
    "aspect_ratios",
    "bg_iou_threshold",
    "batch_size_per_image",
    "positive_fraction",
    "pre_nms_top_n",
    "post_nms_top_n",
    "nms_threshold",
)
_FASTER_RCNN_ARGUMENTS: Final = {
    **_nested("RPNHead", "rpn", *_RPN_ARGUMENTS),
    # the pair is refused under fg's name; the lower one is where the finding points
    ("RPNHead", "fg_iou_threshold"): "rpn.bg_iou_threshold",
    **_nested(
        "RoIPooler",
        "roi_pooler",
        "output_size",
        "sampling_ratio",
        "canonical_scale",
        "canonical_level",
    ),
    **_nested("TwoMLPBoxHead", "box_head", "representation_size"),
    **_nested("ConvFCBoxHead", "box_head", "conv_layers", "fc_layers", "norm"),
    **_nested(
        "ProposalSampler",
        "sampler",
        "bg_iou_threshold",
        "batch_size_per_image",
        "positive_fraction",
        "box_weights",
    ),
    ("ProposalSampler", "fg_iou_threshold"): "sampler.bg_iou_threshold",
    ("BoxPredictor", "num_classes"): "num_classes",
}

REGISTRY: Final = Registry()
for _part in (
    PartType(
        slot="backbone",
        name="resnet",
        config=ResNetBackboneConfig,
        summary="a torchvision ResNet (18, 34, 50, 101), C2..C5 at strides 4..32",
        arguments=_same("ResNetBackbone", "depth", "out_levels", "frozen_stages", "norm"),
        spec=_resnet_spec,
    ),
    PartType(
        slot="backbone",
        name="tiny",
        config=TinyBackboneConfig,
        summary="a small fast CNN for tests and CPUs, C2..C5 at strides 4..32",
        arguments=_same("TinyBackbone", "channels", "out_levels"),
        spec=_tiny_spec,
    ),
    PartType(
        slot="backbone",
        name="torchvision",
        config=TorchvisionBackboneConfig,
        summary="any torchvision classification model cut at return_nodes (spec traced)",
        arguments=_same("TorchvisionBackbone", "model", "return_nodes"),
    ),
    PartType(
        slot="neck",
        name="fpn",
        config=FPNConfig,
        summary="torchvision's FeaturePyramidNetwork, P6/P7 on request",
        arguments=_same("FPN", "channels", "out_levels", "extra_source", "norm"),
        spec=_fpn_spec,
    ),
    PartType(
        slot="head",
        name="fcos",
        config=FCOSHeadConfig,
        summary="anchor-free FCOS head with centerness",
        arguments=_same("FCOSHead", *_HEAD_ARGUMENTS, "center_sampling_radius"),
    ),
    PartType(
        slot="head",
        name="retinanet",
        config=RetinaNetHeadConfig,
        summary="anchor-based RetinaNet head with focal loss",
        arguments={
            **_same(
                "RetinaNetHead", *_HEAD_ARGUMENTS, "aspect_ratios", "box_loss", "bg_iou_threshold"
            ),
            # the head refuses the pair (bg above fg) under fg's name; the config sets the
            # lower one wrong as a rule, and that is where the finding points
            ("RetinaNetHead", "fg_iou_threshold"): "bg_iou_threshold",
        },
    ),
    PartType(
        slot="head",
        name="faster_rcnn",
        config=FasterRCNNHeadConfig,
        summary="two-stage Faster R-CNN: RPN, multi-scale RoIAlign, box head, predictor",
        arguments=_FASTER_RCNN_ARGUMENTS,
    ),
    PartType(
        slot="head",
        name="classification",
        config=ClassificationHeadConfig,
        summary="class logits: global average pool of the last level, dropout, linear",
        arguments=_same("ClassificationHead", "num_classes", "dropout"),
    ),
    PartType(
        slot="head",
        name="reconstruction",
        config=ReconstructionHeadConfig,
        summary="auto-encoder decoder: x2 upsampling convs from one level back to the image",
        arguments={
            **_same("ReconstructionHead", "level", "channels"),
            ("BackboneEncoder", "level"): "level",
        },
    ),
    PartType(
        slot="head",
        name="projection",
        config=ProjectionHeadConfig,
        summary="SimCLR projection: global average pool of one level, Linear-BN-ReLU-Linear",
        arguments=_same("ProjectionHead", "hidden_dim", "out_dim", "level"),
    ),
):
    REGISTRY.add(_part)
