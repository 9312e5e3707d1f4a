"""``from_torchvision``: a torchvision FCOS or RetinaNet as a plugtrain ``Detector``.

The converted detector has copies of the model's weights (the torchvision model is left
untouched) and its pre- and postprocessing settings, so on the same input its detections
equal torchvision's. This is how torchvision's COCO-pretrained detectors become plugtrain
detectors, and it gives the tests an outside oracle.
"""

from collections.abc import Mapping
from typing import Final, Literal, cast, overload

from torch import nn
from torchvision.models.detection import FCOS, FasterRCNN, RetinaNet
from torchvision.models.detection.fcos import FCOSHead as TorchvisionFCOSHead
from torchvision.models.detection.retinanet import RetinaNetHead as TorchvisionRetinaNetHead

from plugtrain.components import Neck
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.components.heads._arguments import GN_GROUPS, HeadNorm
from plugtrain.interop._torchvision_parts import (
    convert_backbone,
    convert_neck,
    convert_transform,
    load,
    unsupported,
)
from plugtrain.interop._torchvision_rcnn import faster_rcnn
from plugtrain.losses import BoxLoss
from plugtrain.models import Detector, TwoStageDetector

__all__ = ["from_torchvision"]

_UNIT_WEIGHTS: Final = (1.0, 1.0, 1.0, 1.0)
_BOX_LOSSES: Final[Mapping[str, BoxLoss]] = {"l1": "l1", "smooth_l1": "smooth_l1", "giou": "giou"}


def _tower_norm(tower: nn.Sequential) -> HeadNorm:
    norms = [m for m in tower.modules() if isinstance(m, nn.GroupNorm)]
    others = [
        m
        for m in tower.modules()
        if isinstance(m, (nn.BatchNorm2d, nn.LayerNorm, nn.InstanceNorm2d))
    ]
    if others or any(m.num_groups != GN_GROUPS for m in norms):
        raise unsupported(
            "its head normalises with something other than GroupNorm(32)",
            f"head tower {tower}",
            "plugtrain heads support no norm or GroupNorm(32)",
        )
    return "gn" if norms else "none"


def _convs(tower: nn.Sequential) -> int:
    return sum(1 for m in tower.modules() if isinstance(m, nn.Conv2d))


def _fcos_head(model: FCOS, neck: Neck) -> FCOSHead:
    tv_head = model.head
    if not isinstance(tv_head, TorchvisionFCOSHead):
        raise unsupported(
            f"its head is a {type(tv_head).__name__}", "FCOS", "use torchvision's FCOSHead"
        )
    generator = model.anchor_generator
    if any(len(s) != 1 for s in generator.sizes) or any(
        tuple(a) != (1.0,) for a in generator.aspect_ratios
    ):
        raise unsupported(
            "its anchor generator has more than one anchor per location",
            f"AnchorGenerator(sizes={generator.sizes}, aspect_ratios={generator.aspect_ratios})",
            "FCOS uses one square anchor per location and level",
        )
    classification = tv_head.classification_head
    head = FCOSHead(
        in_spec=neck.feature_spec,
        num_classes=classification.num_classes,
        num_convs=_convs(classification.conv),
        norm=_tower_norm(classification.conv),
        center_sampling_radius=model.center_sampling_radius,
        anchor_sizes=[s[0] for s in generator.sizes],
    )
    load(head, tv_head.state_dict(), "head")
    return head


def _retinanet_head(model: RetinaNet, neck: Neck) -> RetinaNetHead:
    tv_head = model.head
    if not isinstance(tv_head, TorchvisionRetinaNetHead):
        raise unsupported(
            f"its head is a {type(tv_head).__name__}",
            "RetinaNet",
            "use torchvision's RetinaNetHead",
        )
    loss: object = getattr(tv_head.regression_head, "_loss_type", None)  # private in torchvision
    box_loss = _BOX_LOSSES.get(loss) if isinstance(loss, str) else None
    if box_loss is None:
        raise unsupported(
            f"its box loss is {loss!r}",
            "RetinaNet",
            "plugtrain's RetinaNetHead supports 'l1', 'smooth_l1' and 'giou'",
        )
    coders = (model.box_coder, tv_head.regression_head.box_coder)
    if any(tuple(c.weights) != _UNIT_WEIGHTS for c in coders):
        raise unsupported(
            "its box coder has weights other than (1, 1, 1, 1)",
            f"BoxCoder(weights={model.box_coder.weights})",
            "use the default BoxCoder of RetinaNet",
        )
    matcher = model.proposal_matcher
    classification = tv_head.classification_head
    generator = model.anchor_generator
    head = RetinaNetHead(
        in_spec=neck.feature_spec,
        num_classes=classification.num_classes,
        num_convs=_convs(classification.conv),
        norm=_tower_norm(classification.conv),
        anchor_sizes=generator.sizes,
        aspect_ratios=generator.aspect_ratios,
        box_loss=box_loss,
        fg_iou_threshold=matcher.high_threshold,
        bg_iou_threshold=matcher.low_threshold,
        allow_low_quality_matches=matcher.allow_low_quality_matches,
    )
    load(head, tv_head.state_dict(), "head")
    return head


@overload
def from_torchvision(model: FasterRCNN) -> TwoStageDetector: ...


@overload
def from_torchvision(model: FCOS | RetinaNet) -> Detector: ...


@overload
def from_torchvision(model: nn.Module) -> Detector | TwoStageDetector: ...


def from_torchvision(model: nn.Module) -> Detector | TwoStageDetector:
    """The plugtrain detector equivalent to a torchvision ``FCOS``, ``RetinaNet`` (a
    ``Detector``) or ``FasterRCNN`` (a ``TwoStageDetector``, see ``faster_rcnn``).

    Copies the weights (backbone body, FPN, head) and the settings: image mean/std,
    ``min_size``/``max_size`` (the evaluation size: with several ``min_size`` values,
    torchvision's random multi-scale training size is not carried over),
    ``size_divisible``, anchors, ``score_thresh``, ``nms_thresh``, ``detections_per_img``,
    ``topk_candidates``, FCOS's center sampling radius and RetinaNet's matcher thresholds
    and box loss. Frozen ResNet stages (``trainable_backbone_layers``) stay frozen. The
    result is in the model's train/eval mode, on its device.

    torchvision's FCOS and RetinaNet heads have one logit per class and no background
    logit, so labels map 1:1 (a model built for COCO's 91 ids predicts those ids).
    Anything else raises ``CompatibilityError`` saying what is supported.
    """
    if isinstance(model, FasterRCNN):
        return faster_rcnn(model)
    return _one_stage(model)


def _one_stage(model: nn.Module) -> Detector:
    kind: Literal["fcos", "retinanet"]
    if isinstance(model, FCOS):
        kind = "fcos"
    elif isinstance(model, RetinaNet):
        kind = "retinanet"
    else:
        raise unsupported(
            f"it is a {type(model).__name__}",
            type(model).__name__,
            "pass a torchvision.models.detection.FCOS, RetinaNet or FasterRCNN instance",
        )
    transform = convert_transform(model.transform)
    backbone, tv_backbone = convert_backbone(model)
    neck = convert_neck(backbone, tv_backbone)
    head: FCOSHead | RetinaNetHead
    if kind == "fcos":
        head = _fcos_head(cast(FCOS, model), neck)
    else:
        head = _retinanet_head(cast(RetinaNet, model), neck)
    detector = Detector(
        backbone=backbone,
        neck=neck,
        head=head,
        num_classes=head.num_classes,
        image_mean=transform.image_mean,
        image_std=transform.image_std,
        size_divisible=transform.size_divisible,
        min_size=transform.min_size,
        max_size=transform.max_size,
        score_threshold=float(model.score_thresh),
        nms_iou_threshold=float(model.nms_thresh),
        topk_candidates=int(model.topk_candidates),
        max_detections=int(model.detections_per_img),
    )
    parameter = next(model.parameters(), None)
    if parameter is not None:
        detector = detector.to(device=parameter.device, dtype=parameter.dtype)
    return detector.train(model.training)
