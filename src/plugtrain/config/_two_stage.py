"""The ``faster_rcnn`` head section: RPN, RoI pooler, box head and proposal sampler.

Defaults are torchvision's ``fasterrcnn_resnet50_fpn`` (``box_head: conv_fc`` for v2).
"""

from typing import Annotated, Literal

from pydantic import Field

from plugtrain.config._base import ConfigModel, PositiveFloat, PositiveInt, Probability

__all__ = [
    "ConvFCBoxHeadConfig",
    "FasterRCNNHeadConfig",
    "ProposalSamplerConfig",
    "RPNConfig",
    "RoIPoolerConfig",
    "TopNConfig",
    "TwoMLPBoxHeadConfig",
]


class TopNConfig(ConfigModel):
    """A count with one value in training and one in evaluation."""

    training: PositiveInt = Field(description="the count in training mode")
    testing: PositiveInt = Field(description="the count in evaluation mode")


def _pre_nms() -> TopNConfig:
    return TopNConfig(training=2000, testing=1000)


class RPNConfig(ConfigModel):
    """The region proposal network (torchvision's RPN settings)."""

    anchor_sizes: (
        Annotated[list[Annotated[list[PositiveInt], Field(min_length=1)]], Field(min_length=1)]
        | None
    ) = Field(
        default=None,
        description="per level (the pooled level included), anchor sizes in pixels, the same "
        "count on each; null for 32 * 2**i on level i",
    )
    aspect_ratios: Annotated[list[PositiveFloat], Field(min_length=1)] = Field(
        default_factory=lambda: [0.5, 1.0, 2.0], description="anchor height / width ratios"
    )
    fg_iou_threshold: Probability = Field(
        default=0.7, description="anchors with IoU >= this are foreground, in [0, 1]"
    )
    bg_iou_threshold: Probability = Field(
        default=0.3, description="anchors with IoU < this are background; <= fg_iou_threshold"
    )
    batch_size_per_image: PositiveInt = Field(
        default=256, description="anchors sampled per image for the RPN loss"
    )
    positive_fraction: Probability = Field(
        default=0.5, description="at most this fraction of the sampled anchors is foreground"
    )
    pre_nms_top_n: TopNConfig = Field(
        default_factory=_pre_nms, description="proposals kept per level before NMS"
    )
    post_nms_top_n: TopNConfig = Field(
        default_factory=_pre_nms, description="proposals kept per image after NMS"
    )
    nms_threshold: Probability = Field(default=0.7, description="proposal NMS IoU threshold")


class RoIPoolerConfig(ConfigModel):
    """Multi-scale RoIAlign over P2..P5 (levels assigned by box size)."""

    output_size: PositiveInt = Field(default=7, description="pooled height and width")
    sampling_ratio: Annotated[int, Field(ge=0, le=16)] = Field(
        default=2, description="sampling points per bin side (0: adaptive)"
    )
    canonical_scale: PositiveInt = Field(
        default=224, description="a box of this size in pixels goes to canonical_level"
    )
    canonical_level: Annotated[int, Field(ge=2, le=5)] = Field(
        default=4, description="the level of a canonical_scale box, in [2, 5]"
    )


class TwoMLPBoxHeadConfig(ConfigModel):
    """Two fully connected layers (Faster R-CNN)."""

    type: Literal["two_mlp"] = Field(description="two_mlp: two fully connected layers")
    representation_size: PositiveInt = Field(default=1024, description="features per region")


class ConvFCBoxHeadConfig(ConfigModel):
    """3x3 convolutions then fully connected layers (Faster R-CNN v2)."""

    type: Literal["conv_fc"] = Field(description="conv_fc: convolutions then fully connected")
    conv_layers: list[PositiveInt] = Field(
        default_factory=lambda: [256, 256, 256, 256], description="channels of each 3x3 conv"
    )
    fc_layers: Annotated[list[PositiveInt], Field(min_length=1)] = Field(
        default_factory=lambda: [1024], description="features of each fully connected layer"
    )
    norm: Literal["bn", "none"] = Field(
        default="bn", description="bn (BatchNorm after each conv) or none"
    )


BoxHeadConfig = Annotated[TwoMLPBoxHeadConfig | ConvFCBoxHeadConfig, Field(discriminator="type")]


class ProposalSamplerConfig(ConfigModel):
    """Matching proposals to targets and sampling them for the RoI loss."""

    fg_iou_threshold: Probability = Field(
        default=0.5, description="proposals with IoU >= this are foreground, in [0, 1]"
    )
    bg_iou_threshold: Probability = Field(
        default=0.5, description="proposals with IoU < this are background; <= fg_iou_threshold"
    )
    batch_size_per_image: PositiveInt = Field(
        default=512, description="proposals sampled per image for the RoI loss"
    )
    positive_fraction: Probability = Field(
        default=0.25, description="at most this fraction of the sampled proposals is foreground"
    )
    box_weights: Annotated[list[PositiveFloat], Field(min_length=4, max_length=4)] = Field(
        default_factory=lambda: [10.0, 10.0, 5.0, 5.0],
        description="box coder weights (x, y, w, h)",
    )


def _two_mlp() -> TwoMLPBoxHeadConfig:
    return TwoMLPBoxHeadConfig(type="two_mlp")


class FasterRCNNHeadConfig(ConfigModel):
    """Faster R-CNN: RPN, RoI pooling, box head and predictor over an FPN of P2..P5 (the
    neck gets its pooled P6 for the RPN)."""

    type: Literal["faster_rcnn"] = Field(description="faster_rcnn: two-stage Faster R-CNN")
    num_classes: PositiveInt = Field(
        description="number of object classes; must equal the categories in the annotations"
    )
    rpn: RPNConfig = Field(default_factory=RPNConfig, description="the region proposal network")
    roi_pooler: RoIPoolerConfig = Field(
        default_factory=RoIPoolerConfig, description="multi-scale RoIAlign"
    )
    box_head: BoxHeadConfig = Field(
        default_factory=_two_mlp, description="two_mlp (Faster R-CNN) or conv_fc (v2)"
    )
    sampler: ProposalSamplerConfig = Field(
        default_factory=ProposalSamplerConfig, description="proposal matching and sampling"
    )
