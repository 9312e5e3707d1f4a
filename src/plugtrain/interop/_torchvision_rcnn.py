"""torchvision's Faster R-CNN (``fasterrcnn_resnet50_fpn`` and ``_v2``) as a plugtrain
``TwoStageDetector``: the weights and the settings of every stage are copied.

Labels: torchvision's Faster R-CNN scores a background class 0 and foreground classes
1..N-1; plugtrain's predictor scores the background apart and labels foreground classes
0..N-2. A converted model's label ``k`` is torchvision's ``k + 1``.
"""

from typing import Final

from torch import nn
from torchvision.models.detection import FasterRCNN
from torchvision.models.detection.faster_rcnn import (
    FastRCNNConvFCHead,
    FastRCNNPredictor,
    TwoMLPHead,
)
from torchvision.models.detection.rpn import RegionProposalNetwork
from torchvision.models.detection.rpn import RPNHead as TorchvisionRPNHead
from torchvision.ops import MultiScaleRoIAlign

from plugtrain.components import Neck, RPNHead
from plugtrain.components.heads import TrainTest
from plugtrain.components.roi import (
    BoxHead,
    BoxPredictor,
    ConvFCBoxHead,
    PooledSpec,
    ProposalSampler,
    RoIPooler,
    TwoMLPBoxHead,
)
from plugtrain.interop._torchvision_parts import (
    convert_backbone,
    convert_neck,
    convert_transform,
    load,
    unsupported,
)
from plugtrain.models import TwoStageDetector

__all__ = ["faster_rcnn"]

_POOLED_LEVEL: Final = "pool"
_RPN_MIN_SIZE: Final = 1e-3


def _top_n(rpn: RegionProposalNetwork) -> tuple[TrainTest, TrainTest]:
    mode = rpn.training
    try:  # the public accessors answer for the module's mode
        rpn.train(True)
        pre_train, post_train = rpn.pre_nms_top_n(), rpn.post_nms_top_n()
        rpn.train(False)
        pre_test, post_test = rpn.pre_nms_top_n(), rpn.post_nms_top_n()
    finally:
        rpn.train(mode)
    return TrainTest(pre_train, pre_test), TrainTest(post_train, post_test)


def _rpn(model: FasterRCNN, neck: Neck) -> RPNHead:
    tv_rpn = model.rpn
    generator = tv_rpn.anchor_generator
    ratios = {tuple(float(r) for r in level) for level in generator.aspect_ratios}
    if len(ratios) != 1 or not tv_rpn.proposal_matcher.allow_low_quality_matches:
        raise unsupported(
            "its RPN has per-level aspect ratios or a matcher without low-quality matches",
            f"AnchorGenerator(aspect_ratios={generator.aspect_ratios})",
            "use torchvision's default RPN anchors and matcher",
        )
    if tv_rpn.min_size != _RPN_MIN_SIZE:
        raise unsupported(
            f"its RPN drops proposals below {tv_rpn.min_size} px, not {_RPN_MIN_SIZE}",
            "RegionProposalNetwork.min_size",
            "leave min_size at torchvision's value",
        )
    pre, post = _top_n(tv_rpn)
    if not isinstance(tv_rpn.head, TorchvisionRPNHead):
        raise unsupported(
            f"its RPN head is a {type(tv_rpn.head).__name__}, not torchvision's RPNHead",
            "RegionProposalNetwork.head",
            "use torchvision's RPNHead",
        )
    rpn = RPNHead(
        in_spec=neck.feature_spec,
        anchor_sizes=generator.sizes,
        aspect_ratios=ratios.pop(),
        conv_depth=len(tv_rpn.head.conv),
        fg_iou_threshold=float(tv_rpn.proposal_matcher.high_threshold),
        bg_iou_threshold=float(tv_rpn.proposal_matcher.low_threshold),
        batch_size_per_image=int(tv_rpn.fg_bg_sampler.batch_size_per_image),
        positive_fraction=float(tv_rpn.fg_bg_sampler.positive_fraction),
        pre_nms_top_n=pre,
        post_nms_top_n=post,
        nms_threshold=float(tv_rpn.nms_thresh),
        score_threshold=float(tv_rpn.score_thresh),
    )
    load(rpn.head, tv_rpn.head.state_dict(), "RPN head")
    return rpn


def _pooler(model: FasterRCNN, neck: Neck) -> RoIPooler:
    pool = model.roi_heads.box_roi_pool
    if not isinstance(pool, MultiScaleRoIAlign) or pool.output_size[0] != pool.output_size[1]:
        raise unsupported(
            f"its box pooler is {type(pool).__name__}",
            "roi_heads.box_roi_pool",
            "use MultiScaleRoIAlign with a square output_size",
        )
    # torchvision names the FPN outputs "0", "1", ... and "pool" for the pooled level
    names = neck.feature_spec.names
    levels = [names[-1] if key == _POOLED_LEVEL else names[int(key)] for key in pool.featmap_names]
    return RoIPooler(
        in_spec=neck.feature_spec,
        levels=levels,
        output_size=int(pool.output_size[0]),
        sampling_ratio=int(pool.sampling_ratio),
        canonical_scale=int(pool.canonical_scale),
        canonical_level=int(pool.canonical_level),
    )


def _box_head(model: FasterRCNN, spec: PooledSpec) -> BoxHead:
    tv_head = model.roi_heads.box_head
    if isinstance(tv_head, TwoMLPHead):
        mlp = TwoMLPBoxHead(in_spec=spec, representation_size=tv_head.fc7.out_features)
        load(mlp.layers, tv_head.state_dict(), "box head")
        return mlp
    if isinstance(tv_head, FastRCNNConvFCHead):
        convs = [m for m in tv_head.modules() if isinstance(m, nn.Conv2d)]
        fcs = [m for m in tv_head.modules() if isinstance(m, nn.Linear)]
        norms = any(isinstance(m, nn.BatchNorm2d) for m in tv_head.modules())
        conv_fc = ConvFCBoxHead(
            in_spec=spec,
            conv_layers=[c.out_channels for c in convs],
            fc_layers=[f.out_features for f in fcs],
            norm="bn" if norms else "none",
        )
        load(conv_fc.layers, tv_head.state_dict(), "box head")
        return conv_fc
    raise unsupported(
        f"its box head is {type(tv_head).__name__}",
        "roi_heads.box_head",
        "use TwoMLPHead (Faster R-CNN) or FastRCNNConvFCHead (v2)",
    )


def _predictor(model: FasterRCNN, in_features: int) -> BoxPredictor:
    tv_predictor = model.roi_heads.box_predictor
    if not isinstance(tv_predictor, FastRCNNPredictor):
        raise unsupported(
            f"its box predictor is {type(tv_predictor).__name__}",
            "roi_heads.box_predictor",
            "use FastRCNNPredictor",
        )
    predictor = BoxPredictor(
        in_features=in_features, num_classes=tv_predictor.cls_score.out_features - 1
    )
    load(predictor.layers, tv_predictor.state_dict(), "box predictor")
    return predictor


def faster_rcnn(model: FasterRCNN) -> TwoStageDetector:
    """The ``TwoStageDetector`` equivalent to ``model`` (ResNet + FPN backbone, no mask or
    keypoint head): backbone body, FPN (with its pooled level), RPN head and settings
    (anchors, matcher, sampler, top-n for training and testing, NMS), RoI pooler, box head,
    predictor, sampler (matcher, sampler, box coder weights) and postprocessing
    (``box_score_thresh``, ``box_nms_thresh``, ``box_detections_per_img``)."""
    roi = model.roi_heads
    if roi.has_mask() or roi.has_keypoint():
        raise unsupported(
            "it has a mask or keypoint head",
            type(model).__name__,
            "convert a Faster R-CNN (boxes only)",
        )
    transform = convert_transform(model.transform)
    backbone, tv_backbone = convert_backbone(model)
    neck = convert_neck(backbone, tv_backbone)
    rpn = _rpn(model, neck)
    pooler = _pooler(model, neck)
    box_head = _box_head(model, pooler.out_spec)
    predictor = _predictor(model, box_head.out_features)
    weights = tuple(float(w) for w in roi.box_coder.weights)
    sampler = ProposalSampler(
        fg_iou_threshold=float(roi.proposal_matcher.high_threshold),
        bg_iou_threshold=float(roi.proposal_matcher.low_threshold),
        batch_size_per_image=int(roi.fg_bg_sampler.batch_size_per_image),
        positive_fraction=float(roi.fg_bg_sampler.positive_fraction),
        box_weights=(weights[0], weights[1], weights[2], weights[3]),
    )
    detector = TwoStageDetector(
        backbone=backbone,
        neck=neck,
        rpn=rpn,
        roi_pooler=pooler,
        box_head=box_head,
        box_predictor=predictor,
        proposal_sampler=sampler,
        num_classes=predictor.num_classes,
        image_mean=transform.image_mean,
        image_std=transform.image_std,
        size_divisible=transform.size_divisible,
        min_size=transform.min_size,
        max_size=transform.max_size,
        score_threshold=float(roi.score_thresh),
        nms_iou_threshold=float(roi.nms_thresh),
        max_detections=int(roi.detections_per_img),
    )
    parameter = next(model.parameters(), None)
    if parameter is not None:
        detector = detector.to(device=parameter.device, dtype=parameter.dtype)
    return detector.train(model.training)
