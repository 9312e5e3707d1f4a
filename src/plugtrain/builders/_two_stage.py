"""The builder of the ``faster_rcnn`` head: the parts of the second stage and the RPN.

The head section builds everything after the neck; ``build_detector`` wraps the FPN in
``ExtraPooledLevel`` (the pooled P6 the RPN proposes on) before calling it.
"""

from dataclasses import dataclass
from typing import final

from plugtrain.components.heads import RPNHead, TrainTest
from plugtrain.components.roi import (
    BoxHead,
    BoxPredictor,
    ConvFCBoxHead,
    ProposalSampler,
    RoIPooler,
    TwoMLPBoxHead,
)
from plugtrain.config import FasterRCNNHeadConfig, TopNConfig, TwoMLPBoxHeadConfig
from plugtrain.errors import ArgumentError
from plugtrain.registry import REGISTRY
from plugtrain.structures import FeatureSpec

__all__ = ["RegionHeads", "build_faster_rcnn"]


@final
@dataclass(frozen=True, slots=True)
class RegionHeads:
    """What the ``faster_rcnn`` head section builds: the RPN and the second stage."""

    rpn: RPNHead
    roi_pooler: RoIPooler
    box_head: BoxHead
    box_predictor: BoxPredictor
    proposal_sampler: ProposalSampler


def _top_n(config: TopNConfig) -> TrainTest:
    return TrainTest(training=config.training, testing=config.testing)


@REGISTRY.builds("head", "faster_rcnn", FasterRCNNHeadConfig)
def build_faster_rcnn(config: FasterRCNNHeadConfig, in_spec: FeatureSpec | None) -> RegionHeads:
    """RPN over every level of ``in_spec``; RoI pooling over all but its last (pooled) one."""
    if in_spec is None:
        raise ArgumentError(
            part="FasterRCNN",
            argument="in_spec",
            received=None,
            expected="the FeatureSpec of the neck with its pooled level",
            fix="build the backbone and the FPN first",
        )
    rpn_config = config.rpn
    rpn = RPNHead(
        in_spec=in_spec,
        anchor_sizes=None
        if rpn_config.anchor_sizes is None
        else tuple(tuple(sizes) for sizes in rpn_config.anchor_sizes),
        aspect_ratios=tuple(rpn_config.aspect_ratios),
        fg_iou_threshold=rpn_config.fg_iou_threshold,
        bg_iou_threshold=rpn_config.bg_iou_threshold,
        batch_size_per_image=rpn_config.batch_size_per_image,
        positive_fraction=rpn_config.positive_fraction,
        pre_nms_top_n=_top_n(rpn_config.pre_nms_top_n),
        post_nms_top_n=_top_n(rpn_config.post_nms_top_n),
        nms_threshold=rpn_config.nms_threshold,
    )
    pool = config.roi_pooler
    pooler = RoIPooler(
        in_spec=in_spec,
        levels=in_spec.names[:-1],
        output_size=pool.output_size,
        sampling_ratio=pool.sampling_ratio,
        canonical_scale=pool.canonical_scale,
        canonical_level=pool.canonical_level,
    )
    head_config = config.box_head
    box_head: BoxHead = (
        TwoMLPBoxHead(in_spec=pooler.out_spec, representation_size=head_config.representation_size)
        if isinstance(head_config, TwoMLPBoxHeadConfig)
        else ConvFCBoxHead(
            in_spec=pooler.out_spec,
            conv_layers=tuple(head_config.conv_layers),
            fc_layers=tuple(head_config.fc_layers),
            norm=head_config.norm,
        )
    )
    sampler = config.sampler
    weights = sampler.box_weights
    return RegionHeads(
        rpn=rpn,
        roi_pooler=pooler,
        box_head=box_head,
        box_predictor=BoxPredictor(
            in_features=box_head.out_features, num_classes=config.num_classes
        ),
        proposal_sampler=ProposalSampler(
            fg_iou_threshold=sampler.fg_iou_threshold,
            bg_iou_threshold=sampler.bg_iou_threshold,
            batch_size_per_image=sampler.batch_size_per_image,
            positive_fraction=sampler.positive_fraction,
            box_weights=(weights[0], weights[1], weights[2], weights[3]),
        ),
    )
