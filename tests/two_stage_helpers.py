"""Tiny two-stage detectors for tests: parts small enough for the CPU, predictions spread."""

import torch
from torch import nn

from plugtrain._seed import seed_everything
from plugtrain.components import FPN, ExtraPooledLevel, RPNHead, TinyBackbone
from plugtrain.components.heads import TrainTest
from plugtrain.components.roi import BoxPredictor, ProposalSampler, RoIPooler, TwoMLPBoxHead
from plugtrain.models import TwoStageDetector

__all__ = ["liven_two_stage", "tiny_two_stage"]


def liven_two_stage(model: nn.Module, *, std: float = 1.0, head_std: float = 0.2) -> None:
    """Spread the RPN's, the box head's and the predictor's outputs (random-init ones
    score every region and class alike, about 1 / classes), so proposals and detections
    differ in score (0.3 to 0.8 with the defaults, for the tiny parts) and NMS has work.
    ``std``: the predictor's and the RPN's weights; ``head_std``: the box head's."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith(("cls_score.weight", "bbox_pred.weight", "cls_logits.weight")):
                parameter.normal_(0.0, std)
            if name.endswith(("fc6.weight", "fc7.weight")):
                parameter.normal_(0.0, head_std)


def tiny_two_stage(
    *,
    num_classes: int = 3,
    seed: int = 0,
    resize: bool = False,
    score_threshold: float = 0.4,
    max_detections: int = 100,
) -> TwoStageDetector:
    """A livened Faster R-CNN of tiny parts (P2..P5 + pooled P6, 16 channels, 100 / 50
    proposals per image before / after NMS), eval mode."""
    seed_everything(seed)
    backbone = TinyBackbone(channels=(8, 16, 32, 32), out_levels=(2, 3, 4, 5))
    neck = ExtraPooledLevel(
        neck=FPN(in_spec=backbone.feature_spec, channels=16, out_levels=(2, 3, 4, 5))
    )
    rpn = RPNHead(
        in_spec=neck.feature_spec,
        anchor_sizes=((8,), (16,), (32,), (64,), (128,)),
        pre_nms_top_n=TrainTest(training=200, testing=100),
        post_nms_top_n=TrainTest(training=100, testing=50),
    )
    # a 32-pixel region comes from P4 (torchvision: 224), so that regions of tiny
    # images are pooled from every level
    pooler = RoIPooler(
        in_spec=neck.feature_spec, levels=("P2", "P3", "P4", "P5"), canonical_scale=32
    )
    box_head = TwoMLPBoxHead(in_spec=pooler.out_spec, representation_size=32)
    detector = TwoStageDetector(
        backbone=backbone,
        neck=neck,
        rpn=rpn,
        roi_pooler=pooler,
        box_head=box_head,
        box_predictor=BoxPredictor(in_features=32, num_classes=num_classes),
        proposal_sampler=ProposalSampler(batch_size_per_image=64),
        num_classes=num_classes,
        score_threshold=score_threshold,
        max_detections=max_detections,
        min_size=80 if resize else None,
        max_size=120 if resize else None,
    )
    liven_two_stage(detector)
    return detector.eval()
