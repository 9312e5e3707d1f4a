"""Do the configured parts fit? FeatureSpecs computed from the config alone (no weights).

The backbone's spec comes from the parts' own ``*_feature_spec`` functions (a torchvision
backbone is traced on the meta device), the neck's from ``fpn_feature_spec``, and the head
is constructed on the meta device (no memory, no arithmetic) so that every argument check
of the real constructor runs. A ``CompatibilityError`` becomes an ``incompatible-parts``
finding at ``model.neck`` or ``model.head``; an argument the part refuses becomes a
``value`` finding at that key.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch

from plugtrain.components import (
    TorchvisionBackbone,
    fpn_feature_spec,
    resnet_feature_spec,
    tiny_feature_spec,
)
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.config import (
    BackboneConfig,
    DataConfig,
    FCOSHeadConfig,
    Finding,
    ModelConfig,
    ResNetBackboneConfig,
    TinyBackboneConfig,
    TorchvisionBackboneConfig,
)
from plugtrain.config import Path as DataPath
from plugtrain.errors import CompatibilityError, ConfigError
from plugtrain.structures import FeatureSpec
from plugtrain.validation._torchvision import torchvision_backbone_model

__all__ = ["PartsResult", "check_parts", "torchvision_backbone"]


@dataclass(slots=True)
class PartsResult:
    """Findings, the spec the head receives (when the parts fit) and summary facts."""

    findings: list[Finding] = field(default_factory=list[Finding])
    head_input: FeatureSpec | None = None
    facts: dict[str, object] = field(default_factory=dict[str, object])


def _argument_findings(error: ConfigError, section: DataPath, keys: set[str]) -> list[Finding]:
    """A part's ``ConfigError`` (loc ``Part.argument``) at the config key of that argument."""
    findings: list[Finding] = []
    for issue in error.issues:
        argument = issue.loc.rsplit(".", 1)[-1]
        path = (*section, argument) if argument in keys else section
        findings.append(Finding(path, "value", issue.message))
    return findings


def _compatibility(section: DataPath, error: CompatibilityError) -> Finding:
    return Finding(section, "incompatible-parts", error.message)


def torchvision_backbone(config: TorchvisionBackboneConfig) -> TorchvisionBackbone:
    """The configured torchvision backbone built on the meta device (random, no memory).

    ``ConfigError`` for a model name torchvision does not know (with the nearest names) or
    return nodes the model does not have.
    """
    with torch.device("meta"):
        network = torchvision_backbone_model(config)
        return TorchvisionBackbone(model=network, return_nodes=config.return_nodes)


def _backbone_spec(config: BackboneConfig) -> FeatureSpec:
    if isinstance(config, ResNetBackboneConfig):
        return resnet_feature_spec(depth=config.depth, out_levels=config.out_levels)
    if isinstance(config, TinyBackboneConfig):
        return tiny_feature_spec(channels=config.channels, out_levels=config.out_levels)
    return torchvision_backbone(config).feature_spec


def _build_head(model: ModelConfig, in_spec: FeatureSpec) -> None:
    head = model.head
    with torch.device("meta"):
        if isinstance(head, FCOSHeadConfig):
            FCOSHead(
                in_spec=in_spec,
                num_classes=head.num_classes,
                num_convs=head.num_convs,
                norm=head.norm,
                center_sampling_radius=head.center_sampling_radius,
                anchor_sizes=head.anchor_sizes,
                prior_probability=head.prior_probability,
            )
        else:
            RetinaNetHead(
                in_spec=in_spec,
                num_classes=head.num_classes,
                num_convs=head.num_convs,
                norm=head.norm,
                anchor_sizes=head.anchor_sizes,
                aspect_ratios=head.aspect_ratios,
                box_loss=head.box_loss,
                fg_iou_threshold=head.fg_iou_threshold,
                bg_iou_threshold=head.bg_iou_threshold,
                prior_probability=head.prior_probability,
            )


def _level_facts(spec: FeatureSpec) -> list[dict[str, object]]:
    return [{"name": lv.name, "channels": lv.channels, "stride": lv.stride} for lv in spec]


def _group_norm(finding: Finding, model: ModelConfig) -> Finding:
    """The head refusing GroupNorm over the channels it receives is a misfit of parts:
    reported where the channels are set (the neck's ``channels``), with the head's words."""
    if finding.path != ("model", "head", "norm") or model.head.norm != "gn":
        return finding
    path: DataPath = (
        ("model", "head", "norm") if model.neck is None else ("model", "neck", "channels")
    )
    return Finding(
        path,
        "incompatible-parts",
        f"the {model.head.type} head's norm: gn does not fit the channels it receives: "
        f"{finding.message}",
    )


def check_parts(
    model: ModelConfig, data: DataConfig | None, *, known: Sequence[Finding] = ()
) -> PartsResult:
    """Fit backbone -> neck -> head; then the image size against the largest stride.

    ``known``: findings already made; the head is not built again when one of them is
    about the neck or the head (so one problem is reported once).
    """
    result = PartsResult()
    backbone = model.backbone
    try:
        spec = _backbone_spec(backbone)
    except ConfigError as error:
        keys = set(type(backbone).model_fields)
        result.findings += _argument_findings(error, ("model", "backbone"), keys)
        return result
    result.facts["backbone_levels"] = _level_facts(spec)
    producer = "backbone"
    if model.neck is not None:
        neck = model.neck
        try:
            spec = fpn_feature_spec(
                in_spec=spec, channels=neck.channels, out_levels=neck.out_levels
            )
        except CompatibilityError as error:
            result.findings.append(_compatibility(("model", "neck"), error))
            return result
        except ConfigError as error:
            result.findings += _argument_findings(
                error, ("model", "neck"), set(type(neck).model_fields)
            )
            return result
        result.facts["neck_levels"] = _level_facts(spec)
        producer = "neck"
    settled = any(f.path[:2] in (("model", "neck"), ("model", "head")) for f in known)
    try:
        if not settled:
            _build_head(model, spec)
    except CompatibilityError as error:
        result.findings.append(_compatibility(("model", "head"), error))
        return result
    except ConfigError as error:
        keys = set(type(model.head).model_fields)
        findings = _argument_findings(error, ("model", "head"), keys)
        result.findings += [_group_norm(finding, model) for finding in findings]
        return result
    result.head_input = spec
    largest = spec.levels[-1]
    result.facts["largest_stride"] = largest.stride
    if data is not None and min(data.image_size) < largest.stride:
        height, width = data.image_size
        smallest = max(largest.stride, 32)
        result.findings.append(
            Finding(
                ("data", "image_size"),
                "image-size",
                f"image_size [{height}, {width}] is smaller than the largest stride "
                f"{largest.stride} (level {largest.name} of the {producer}); each side must be at "
                f"least {largest.stride} pixels: use e.g. [{max(height, smallest)}, "
                f"{max(width, smallest)}] or drop the coarsest levels",
            )
        )
    return result
