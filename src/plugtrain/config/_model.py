"""The ``model`` section: backbone, neck, head and postprocessing.

Each part is chosen by its ``type`` (a registered name, never an importable path); the
other keys are the keyword arguments of that part.
"""

import itertools
from typing import Annotated, Final, Literal

from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from plugtrain.config._base import (
    ConfigModel,
    Levels,
    NonNegativeInt,
    PathText,
    PositiveFloat,
    PositiveInt,
    Probability,
    exact_int,
)
from plugtrain.config._heads import ClassificationHeadConfig
from plugtrain.config._task_autoencoder import ReconstructionHeadConfig
from plugtrain.config._task_contrastive import ProjectionHeadConfig
from plugtrain.config._two_stage import FasterRCNNHeadConfig

__all__ = [
    "BackboneConfig",
    "FCOSHeadConfig",
    "FPNConfig",
    "HeadConfig",
    "ModelConfig",
    "PostprocessConfig",
    "ResNetBackboneConfig",
    "RetinaNetHeadConfig",
    "TinyBackboneConfig",
    "TorchvisionBackboneConfig",
]

FIRST_BACKBONE_LEVEL: Final = 2
LAST_BACKBONE_LEVEL: Final = 5
LAST_NECK_LEVEL: Final = 7

_WEIGHTS = (
    "null (random initialisation), or a local file: a plugtrain .safetensors file or a "
    "torchvision state dict (.pth); nothing is ever downloaded"
)


def _levels_text(levels: list[int]) -> str:
    return "[" + ", ".join(str(level) for level in levels) + "]"


def check_backbone_levels(levels: list[int]) -> list[int]:
    """Strictly increasing levels in [2, 5] (``C2`` at stride 4 ... ``C5`` at stride 32)."""
    expected = (
        f"strictly increasing levels in [{FIRST_BACKBONE_LEVEL}, {LAST_BACKBONE_LEVEL}] "
        f"(C2 at stride 4 ... C5 at stride 32), e.g. [3, 4, 5]"
    )
    outside = [
        level for level in levels if not FIRST_BACKBONE_LEVEL <= level <= LAST_BACKBONE_LEVEL
    ]
    if outside:
        raise PydanticCustomError(
            "value",
            "level {bad} does not exist in a backbone; out_levels must be {expected}, got {levels}",
            {"bad": outside[0], "expected": expected, "levels": _levels_text(levels)},
        )
    if any(b <= a for a, b in itertools.pairwise(levels)):
        raise PydanticCustomError(
            "value",
            "out_levels must be {expected}, got {levels} ({why})",
            {
                "expected": expected,
                "levels": _levels_text(levels),
                "why": "a level repeats" if len(set(levels)) != len(levels) else "not sorted",
            },
        )
    return levels


class ResNetBackboneConfig(ConfigModel):
    """A torchvision ResNet as a backbone (``C2..C5`` at strides 4..32)."""

    type: Literal["resnet"] = Field(description="resnet: a torchvision ResNet")
    depth: Annotated[Literal[18, 34, 50, 101], BeforeValidator(exact_int)] = Field(
        default=50, description="18, 34, 50 or 101"
    )
    out_levels: Levels = Field(
        default_factory=lambda: [3, 4, 5],
        description="levels returned, strictly increasing in [2, 5] (Ck has stride 2**k)",
    )
    frozen_stages: Annotated[int, Field(ge=0, le=5)] = Field(
        default=1,
        description="0 trains everything; k >= 1 freezes the stem and layer1..layer(k-1); "
        "5 freezes all",
    )
    norm: Literal["frozen_bn", "bn", "gn"] = Field(
        default="frozen_bn", description="frozen_bn (fixed statistics), bn or gn (32 groups)"
    )
    weights: PathText | None = Field(default=None, description=_WEIGHTS)

    @field_validator("out_levels")
    @classmethod
    def _levels(cls, levels: list[int]) -> list[int]:
        return check_backbone_levels(levels)


class TinyBackboneConfig(ConfigModel):
    """A small fast CNN for tests and the CPU default (``C2..C5`` at strides 4..32)."""

    type: Literal["tiny"] = Field(description="tiny: a small fast CNN")
    channels: Annotated[list[PositiveInt], Field(min_length=4, max_length=4)] = Field(
        default_factory=lambda: [16, 32, 64, 128],
        description="channels of C2, C3, C4 and C5 (four positive ints)",
    )
    out_levels: Levels = Field(
        default_factory=lambda: [3, 4, 5],
        description="levels returned, strictly increasing in [2, 5] (Ck has stride 2**k)",
    )
    weights: PathText | None = Field(default=None, description=_WEIGHTS)

    @field_validator("out_levels")
    @classmethod
    def _levels(cls, levels: list[int]) -> list[int]:
        return check_backbone_levels(levels)


class TorchvisionBackboneConfig(ConfigModel):
    """Any torchvision classification model, cut at ``return_nodes``."""

    type: Literal["torchvision"] = Field(
        description="torchvision: a torchvision classification model plus return nodes"
    )
    model: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="the name of a torchvision classification model (torchvision.models."
        "list_models()), e.g. resnet18 or mobilenet_v3_small; never a dotted import path",
    )
    return_nodes: Annotated[dict[str, str], Field(min_length=1)] = Field(
        description="graph node -> level name, finest first; name levels Ck (stride 2**k) "
        'to feed an FPN, e.g. {"layer2": "C3", "layer3": "C4", "layer4": "C5"}',
    )
    weights: PathText | None = Field(default=None, description=_WEIGHTS)

    @field_validator("return_nodes")
    @classmethod
    def _unique_names(cls, nodes: dict[str, str]) -> dict[str, str]:
        names = list(nodes.values())
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated or not all(names):
            raise PydanticCustomError(
                "value",
                "return_nodes must map graph nodes to unique, non-empty level names; got {nodes}",
                {"nodes": str(nodes)},
            )
        return nodes


BackboneConfig = Annotated[
    ResNetBackboneConfig | TinyBackboneConfig | TorchvisionBackboneConfig,
    Field(discriminator="type"),
]


class FPNConfig(ConfigModel):
    """A feature pyramid network over the backbone levels (P6/P7 on request)."""

    type: Literal["fpn"] = Field(description="fpn: torchvision's FeaturePyramidNetwork")
    channels: PositiveInt = Field(default=256, description="channels of every output level")
    out_levels: Levels = Field(
        default_factory=lambda: [3, 4, 5, 6, 7],
        description="consecutive levels starting in [2, 5], ending at 5 at most or at 7 "
        "(P6 and P7 come together)",
    )
    extra_source: Literal["p5", "c5"] = Field(
        default="p5", description="P6/P7 from P5 (FCOS, RetinaNet) or from C5 (RetinaNet v2)"
    )
    norm: Literal["none", "gn", "bn"] = Field(
        default="none",
        description="none, gn: GroupNorm (32 groups; channels a multiple of 32), or bn: "
        "BatchNorm (Faster R-CNN v2)",
    )

    @field_validator("out_levels")
    @classmethod
    def _consecutive(cls, levels: list[int]) -> list[int]:
        valid = (
            all(b == a + 1 for a, b in itertools.pairwise(levels))
            and FIRST_BACKBONE_LEVEL <= levels[0] <= LAST_BACKBONE_LEVEL
            and levels[-1] <= LAST_NECK_LEVEL
            and levels[-1] != LAST_BACKBONE_LEVEL + 1
        )
        if not valid:
            raise PydanticCustomError(
                "value",
                "FPN out_levels must be consecutive, start in [2, 5] and end at 5 at most, or "
                "at 7 (P6 and P7 are made together), e.g. [3, 4, 5, 6, 7]; got {levels}",
                {"levels": _levels_text(levels)},
            )
        return levels


def _default_neck() -> FPNConfig:
    return FPNConfig(type="fpn")


class FCOSHeadConfig(ConfigModel):
    """FCOS: anchor-free, with centerness (torchvision's FCOSHead layout)."""

    type: Literal["fcos"] = Field(description="fcos: anchor-free FCOS head")
    num_classes: PositiveInt = Field(
        description="number of object classes; must equal the categories in the annotations"
    )
    num_convs: NonNegativeInt = Field(default=4, description="3x3 convolutions in each tower")
    norm: Literal["gn", "none"] = Field(
        default="gn", description="gn (GroupNorm, 32 groups) or none"
    )
    prior_probability: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        default=0.01, description="initial foreground probability of the classifier, in (0, 1)"
    )
    center_sampling_radius: PositiveFloat = Field(
        default=1.5, description="positives lie within this many anchor sizes of a box centre"
    )
    anchor_sizes: Annotated[list[PositiveInt], Field(min_length=1)] | None = Field(
        default=None,
        description="one anchor size in pixels per level, or null for the level strides",
    )


class RetinaNetHeadConfig(ConfigModel):
    """RetinaNet: anchors, focal loss (torchvision's RetinaNetHead layout)."""

    type: Literal["retinanet"] = Field(description="retinanet: anchor-based RetinaNet head")
    num_classes: PositiveInt = Field(
        description="number of object classes; must equal the categories in the annotations"
    )
    num_convs: NonNegativeInt = Field(default=4, description="3x3 convolutions in each tower")
    norm: Literal["none", "gn"] = Field(default="none", description="none, or gn (RetinaNet v2)")
    prior_probability: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        default=0.01, description="initial foreground probability of the classifier, in (0, 1)"
    )
    anchor_sizes: (
        Annotated[list[Annotated[list[PositiveInt], Field(min_length=1)]], Field(min_length=1)]
        | None
    ) = Field(
        default=None,
        description="per level, the anchor sizes in pixels (the same count on every level), "
        "or null for torchvision's (4 x stride x 1, 2^(1/3), 2^(2/3))",
    )
    aspect_ratios: Annotated[list[PositiveFloat], Field(min_length=1)] = Field(
        default_factory=lambda: [0.5, 1.0, 2.0], description="anchor height / width ratios"
    )
    box_loss: Literal["smooth_l1", "l1", "giou"] = Field(
        default="smooth_l1", description="smooth_l1, l1 or giou"
    )
    fg_iou_threshold: Probability = Field(
        default=0.5, description="anchors with IoU >= this are foreground, in [0, 1]"
    )
    bg_iou_threshold: Probability = Field(
        default=0.4, description="anchors with IoU < this are background; <= fg_iou_threshold"
    )


HeadConfig = Annotated[
    FCOSHeadConfig
    | RetinaNetHeadConfig
    | FasterRCNNHeadConfig
    | ClassificationHeadConfig
    | ReconstructionHeadConfig
    | ProjectionHeadConfig,
    Field(discriminator="type"),
]


class PostprocessConfig(ConfigModel):
    """Decoding detections: thresholds, top-k, NMS."""

    score_threshold: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        default=0.05, description="drop detections scoring below this, in [0, 1)"
    )
    nms_iou_threshold: Probability = Field(
        default=0.6, description="non-maximum suppression IoU threshold, in [0, 1]"
    )
    max_detections: PositiveInt = Field(default=100, description="detections kept per image")
    topk_candidates: PositiveInt = Field(
        default=1000, description="candidates kept per level before NMS"
    )


def _default_postprocess() -> PostprocessConfig:
    return PostprocessConfig()


class ModelConfig(ConfigModel):
    """The detector: backbone -> neck -> head, then postprocessing."""

    backbone: BackboneConfig = Field(description="the part that turns images into features")
    neck: FPNConfig | None = Field(
        default_factory=_default_neck,
        description="fpn (the default), or null to feed the backbone levels to the head",
    )
    head: HeadConfig = Field(
        description="the head: fcos, retinanet or faster_rcnn (task detection), "
        "classification (task classification), reconstruction (task autoencoder), "
        "projection (task contrastive), ..."
    )
    postprocess: PostprocessConfig = Field(
        default_factory=_default_postprocess,
        description="score threshold, NMS, detections kept (detection heads only)",
    )
