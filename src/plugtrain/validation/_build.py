"""The model built as ``plugtrain train`` builds it, on the meta device, weights included.

The builders of ``plugtrain.builders`` run under ``torch.device("meta")`` (parameters have
shapes, no memory, no values) and load the backbone's weights with the same loader, which
decides the fit from the file's names and shapes without reading a tensor. So whatever
stops the real build stops this one, with the same error: an ``ArgumentError`` becomes a
``value`` finding at the config key of the refused argument (the builders' table), a
``CompatibilityError`` an ``incompatible-parts`` finding at the part that refused its
input, a ``CheckpointError`` a ``weights-mismatch`` finding at ``model.backbone.weights``.
"""

import warnings
from dataclasses import dataclass, field

import torch

from plugtrain.builders import (
    DetectorModel,
    argument_path,
    assemble_detector,
    assemble_two_stage,
    build_backbone,
    build_head,
    build_neck,
    detection_head,
    require_two_stage_backbone,
)
from plugtrain.components.backbones import WeightsReport
from plugtrain.config import (
    FasterRCNNHeadConfig,
    FCOSHeadConfig,
    Finding,
    ModelConfig,
    RetinaNetHeadConfig,
)
from plugtrain.config import Path as DataPath
from plugtrain.errors import ArgumentError, CheckpointError, CompatibilityError

__all__ = ["BuildResult", "build_on_meta"]


@dataclass(slots=True)
class BuildResult:
    """The detector on the meta device (``None`` when a builder refused), the findings,
    and what loading the weights did."""

    detector: DetectorModel | None = None
    findings: list[Finding] = field(default_factory=list[Finding])
    weights: WeightsReport | None = None


def _group_norm(path: DataPath, model: ModelConfig, error: ArgumentError) -> Finding:
    """The head refusing GroupNorm over the channels it receives is a misfit of parts:
    reported where the channels are set (the neck's ``channels``), with the head's words."""
    head = model.head
    if (
        path != ("model", "head", "norm")
        or not isinstance(head, (FCOSHeadConfig, RetinaNetHeadConfig))
        or head.norm != "gn"
    ):
        return Finding(path, "value", error.message)
    where: DataPath = (
        ("model", "head", "norm") if model.neck is None else ("model", "neck", "channels")
    )
    return Finding(
        where,
        "incompatible-parts",
        f"the {model.head.type} head's norm: gn does not fit the channels it receives: "
        f"{error.message}",
    )


def build_on_meta(model: ModelConfig) -> BuildResult:
    """Build ``model`` with the builders on the meta device; the first refusal as a finding."""
    result = BuildResult()
    reports: list[WeightsReport] = []
    section: DataPath = ("model", "backbone")
    with torch.device("meta"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            backbone = build_backbone(model.backbone, on_weights=reports.append)
            result.weights = reports[-1] if reports else None
            section = ("model", "backbone", "out_levels")
            require_two_stage_backbone(model, backbone)
            section = ("model", "neck")
            neck = build_neck(model.neck, backbone.feature_spec)
            section = ("model", "head")
            head_config = detection_head(model)
            if isinstance(head_config, FasterRCNNHeadConfig):
                section = ("model", "neck", "out_levels")
                result.detector = assemble_two_stage(
                    model, head_config, backbone=backbone, neck=neck
                )
            else:
                head = build_head(head_config, (neck or backbone).feature_spec)
                section = ("model",)
                result.detector = assemble_detector(model, backbone=backbone, neck=neck, head=head)
        except ArgumentError as error:
            result.findings.append(_group_norm(argument_path(model, error), model, error))
        except CompatibilityError as error:
            result.findings.append(Finding(section, "incompatible-parts", error.message))
        except CheckpointError as error:
            result.findings.append(
                Finding(("model", "backbone", "weights"), "weights-mismatch", error.message)
            )
    return result
