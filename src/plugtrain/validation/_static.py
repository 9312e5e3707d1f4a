"""Do the configured parts fit? FeatureSpecs from the config alone, without torch.

Each part type's torch-free spec function (``plugtrain.registry``) runs the part's own
argument rules (``plugtrain.specs``): the backbone's spec, the neck's over it, then the
image size against the largest stride. A torchvision backbone's spec needs a traced model,
and a head's rules live in the head: both are checked when the dry run builds the model.
A ``CompatibilityError`` becomes an ``incompatible-parts`` finding at ``model.neck``; an
``ArgumentError`` a ``value`` finding at the config key of the refused argument.
"""

from dataclasses import dataclass, field

from plugtrain.config import DataConfig, Finding, ModelConfig
from plugtrain.config import Path as DataPath
from plugtrain.errors import ArgumentError, CompatibilityError
from plugtrain.registry import REGISTRY, Slot, check_two_stage_backbone
from plugtrain.specs import FeatureSpec

__all__ = [
    "LevelFacts",
    "StaticParts",
    "argument_finding",
    "check_parts_statically",
    "image_size_finding",
    "level_facts",
]


@dataclass(frozen=True, slots=True)
class LevelFacts:
    """One level of a spec, for the summary: name, channels, stride in pixels."""

    name: str
    channels: int
    stride: int


def level_facts(spec: FeatureSpec) -> tuple[LevelFacts, ...]:
    """The levels of ``spec`` for the summary."""
    return tuple(LevelFacts(lv.name, lv.channels, lv.stride) for lv in spec)


@dataclass(slots=True)
class StaticParts:
    """Findings; the specs established (``None`` when unknown without building)."""

    findings: list[Finding] = field(default_factory=list[Finding])
    backbone: FeatureSpec | None = None
    neck: FeatureSpec | None = None
    head_input: FeatureSpec | None = None
    traced_later: bool = False


def argument_finding(section: DataPath, slot: Slot, name: str, error: ArgumentError) -> Finding:
    """A part's ``ArgumentError`` at the config key its part type's table names."""
    key = REGISTRY.config_key(slot, name, error)
    return Finding((*section, key) if key is not None else section, "value", error.message)


def image_size_finding(spec: FeatureSpec, data: DataConfig, producer: str) -> Finding | None:
    """An ``image-size`` finding when a side of the images is below the largest stride."""
    largest = spec.levels[-1]
    if min(data.image_size) >= largest.stride:
        return None
    height, width = data.image_size
    smallest = max(largest.stride, 32)
    return Finding(
        ("data", "image_size"),
        "image-size",
        f"image_size [{height}, {width}] is smaller than the largest stride "
        f"{largest.stride} (level {largest.name} of the {producer}); each side must be at "
        f"least {largest.stride} pixels: use e.g. [{max(height, smallest)}, "
        f"{max(width, smallest)}] or drop the coarsest levels",
    )


def check_parts_statically(model: ModelConfig, data: DataConfig | None) -> StaticParts:
    """Fit backbone -> neck from their specs; then the image size against the largest stride."""
    result = StaticParts()
    backbone = model.backbone
    try:
        spec = REGISTRY.part("backbone", backbone.type).spec(backbone, None)
    except ArgumentError as error:
        result.findings.append(
            argument_finding(("model", "backbone"), "backbone", backbone.type, error)
        )
        return result
    if spec is None:
        result.traced_later = True
        return result
    result.backbone = spec
    try:
        check_two_stage_backbone(model, spec.names)
    except CompatibilityError as error:
        where: DataPath = ("model", "backbone", "out_levels")
        result.findings.append(Finding(where, "incompatible-parts", error.message))
        return result
    producer = "backbone"
    if model.neck is not None:
        neck = model.neck
        try:
            neck_spec = REGISTRY.part("neck", neck.type).spec(neck, spec)
        except CompatibilityError as error:
            result.findings.append(Finding(("model", "neck"), "incompatible-parts", error.message))
            return result
        except ArgumentError as error:
            result.findings.append(argument_finding(("model", "neck"), "neck", neck.type, error))
            return result
        if neck_spec is None:
            result.traced_later = True
            return result
        spec = result.neck = neck_spec
        producer = "neck"
    result.head_input = spec
    if data is not None:
        finding = image_size_finding(spec, data, producer)
        if finding is not None:
            result.findings.append(finding)
    return result
