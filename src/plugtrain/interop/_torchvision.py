"""``from_torchvision``: a torchvision FCOS or RetinaNet as a plugtrain ``Detector``.

The converted detector has copies of the model's weights (the torchvision model is left
untouched) and its pre- and postprocessing settings, so on the same input its detections
equal torchvision's. This is how torchvision's COCO-pretrained detectors become plugtrain
detectors, and it gives the tests an outside oracle.
"""

import copy
from collections.abc import Mapping
from typing import Final, Literal, cast

from torch import Tensor, nn
from torchvision.models import ResNet
from torchvision.models.detection import FCOS, RetinaNet
from torchvision.models.detection.backbone_utils import BackboneWithFPN
from torchvision.models.detection.fcos import FCOSHead as TorchvisionFCOSHead
from torchvision.models.detection.retinanet import RetinaNetHead as TorchvisionRetinaNetHead
from torchvision.models.resnet import BasicBlock, Bottleneck
from torchvision.ops import Conv2dNormActivation
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.components import FPN, ResNetBackbone
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.components.heads._arguments import GN_GROUPS, HeadNorm
from plugtrain.errors import CompatibilityError
from plugtrain.losses import BoxLoss
from plugtrain.models import Detector

__all__ = ["from_torchvision"]

_SUPPORTED: Final = (
    "torchvision FCOS or RetinaNet with a ResNet + FPN backbone (BackboneWithFPN, as built by "
    "fcos_resnet50_fpn, retinanet_resnet50_fpn, retinanet_resnet50_fpn_v2, resnet_fpn_backbone "
    "or _resnet_fpn_extractor)"
)
_STAGES: Final = ("layer1", "layer2", "layer3", "layer4")
_STEM: Final = ("conv1", "bn1", "relu", "maxpool")
_UNIT_WEIGHTS: Final = (1.0, 1.0, 1.0, 1.0)
_BOX_LOSSES: Final[Mapping[str, BoxLoss]] = {"l1": "l1", "smooth_l1": "smooth_l1", "giou": "giou"}


def _unsupported(what: str, found: str, fix: str) -> CompatibilityError:
    return CompatibilityError(
        problem=f"from_torchvision cannot convert this model: {what}",
        producer=f"torchvision model: {found}",
        consumer=f"from_torchvision: {_SUPPORTED}",
        fix=fix,
    )


def _load(part: nn.Module, state: Mapping[str, Tensor], name: str) -> None:
    expected = set(part.state_dict())
    missing = sorted(expected - set(state))
    unexpected = sorted(set(state) - expected)
    if not missing and not unexpected:
        part.load_state_dict(dict(state))
    else:
        raise _unsupported(
            f"the weights of its {name} do not fit the plugtrain {type(part).__name__}",
            f"missing {missing[:5]}, unexpected {unexpected[:5]}",
            "convert a model built by torchvision's own builders, or build the plugtrain "
            "detector from parts and load the weights yourself",
        )


def _frozen(module: nn.Module) -> bool:
    return not any(p.requires_grad for p in module.parameters())


def _convert_backbone(model: nn.Module) -> tuple[ResNetBackbone, BackboneWithFPN]:
    tv_backbone = model.backbone
    if not isinstance(tv_backbone, BackboneWithFPN):
        raise _unsupported(
            f"its backbone is a {type(tv_backbone).__name__}, not a BackboneWithFPN",
            type(model).__name__,
            "build the model with a ResNet FPN backbone (resnet_fpn_backbone)",
        )
    body = tv_backbone.body
    names = set(body.keys())
    first = body["layer1"] if "layer1" in names else None
    block = type(first[0]) if isinstance(first, nn.Sequential) and len(first) else None
    if block not in (BasicBlock, Bottleneck) or not set(_STEM) <= names:
        raise _unsupported(
            "its backbone body is not a torchvision ResNet",
            f"body with modules {sorted(names)}",
            "only ResNet bodies (BasicBlock / Bottleneck stages) are supported",
        )
    for stage in _STAGES[1:]:
        layer = body[stage] if stage in names else None
        if isinstance(layer, nn.Sequential) and len(layer):
            downsample: object = getattr(layer[0], "downsample", None)
            conv = downsample[0] if isinstance(downsample, nn.Sequential) else None
            if not isinstance(conv, nn.Conv2d) or conv.stride != (2, 2):
                raise _unsupported(
                    f"its ResNet stage {stage} does not halve the resolution (dilation?)",
                    f"{stage}[0].downsample = {downsample}",
                    "convert ResNets built without replace_stride_with_dilation",
                )
    return_layers = cast(Mapping[str, str], body.return_layers)
    out_levels = sorted(int(name.removeprefix("layer")) + 1 for name in return_layers)
    # A ResNet shell of the right block type; its modules are replaced by copies of the body's.
    block_type: type[BasicBlock] | type[Bottleneck] = (
        BasicBlock if block is BasicBlock else Bottleneck
    )
    shell = ResNet(block_type, [1, 1, 1, 1])
    for name in (*_STEM, *_STAGES):
        if name in names:
            setattr(shell, name, copy.deepcopy(body[name]))
    frozen = 0
    if _frozen(body["conv1"]):
        frozen = 1
        for stage in _STAGES:
            if stage not in names or not _frozen(body[stage]):
                break
            frozen += 1
    return ResNetBackbone(resnet=shell, out_levels=out_levels, frozen_stages=frozen), tv_backbone


def _convert_neck(backbone: ResNetBackbone, tv_backbone: BackboneWithFPN) -> FPN:
    tv_fpn = tv_backbone.fpn
    extra = tv_fpn.extra_blocks
    if extra is not None and not isinstance(extra, LastLevelP6P7):
        raise _unsupported(
            f"its FPN's extra block is {type(extra).__name__}; plugtrain's FPN makes P6/P7 "
            "with LastLevelP6P7 only",
            type(tv_backbone).__name__,
            "use extra_blocks=LastLevelP6P7(...) (FCOS and RetinaNet do)",
        )
    inner = tv_fpn.inner_blocks[0]
    norm_layers = list(inner)[1:] if isinstance(inner, Conv2dNormActivation) else []
    if norm_layers and not (
        isinstance(norm_layers[0], nn.GroupNorm) and norm_layers[0].num_groups == GN_GROUPS
    ):
        raise _unsupported(
            f"its FPN normalises with {type(norm_layers[0]).__name__}",
            "FPN with a norm layer",
            "plugtrain's FPN supports no norm or GroupNorm(32)",
        )
    levels = [level.stride.bit_length() - 1 for level in backbone.feature_spec]
    if extra is not None:
        levels += [levels[-1] + 1, levels[-1] + 2]
    neck = FPN(
        in_spec=backbone.feature_spec,
        channels=tv_backbone.out_channels,
        out_levels=levels,
        extra_source="p5" if extra is None or extra.use_P5 else "c5",
        norm="gn" if norm_layers else "none",
    )
    _load(neck.fpn, tv_fpn.state_dict(), "FPN")
    return neck


def _tower_norm(tower: nn.Sequential) -> HeadNorm:
    norms = [m for m in tower.modules() if isinstance(m, nn.GroupNorm)]
    others = [
        m
        for m in tower.modules()
        if isinstance(m, (nn.BatchNorm2d, nn.LayerNorm, nn.InstanceNorm2d))
    ]
    if others or any(m.num_groups != GN_GROUPS for m in norms):
        raise _unsupported(
            "its head normalises with something other than GroupNorm(32)",
            f"head tower {tower}",
            "plugtrain heads support no norm or GroupNorm(32)",
        )
    return "gn" if norms else "none"


def _convs(tower: nn.Sequential) -> int:
    return sum(1 for m in tower.modules() if isinstance(m, nn.Conv2d))


def _fcos_head(model: FCOS, neck: FPN) -> FCOSHead:
    tv_head = model.head
    if not isinstance(tv_head, TorchvisionFCOSHead):
        raise _unsupported(
            f"its head is a {type(tv_head).__name__}", "FCOS", "use torchvision's FCOSHead"
        )
    generator = model.anchor_generator
    if any(len(s) != 1 for s in generator.sizes) or any(
        tuple(a) != (1.0,) for a in generator.aspect_ratios
    ):
        raise _unsupported(
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
    _load(head, tv_head.state_dict(), "head")
    return head


def _retinanet_head(model: RetinaNet, neck: FPN) -> RetinaNetHead:
    tv_head = model.head
    if not isinstance(tv_head, TorchvisionRetinaNetHead):
        raise _unsupported(
            f"its head is a {type(tv_head).__name__}",
            "RetinaNet",
            "use torchvision's RetinaNetHead",
        )
    loss: object = getattr(tv_head.regression_head, "_loss_type", None)  # private in torchvision
    box_loss = _BOX_LOSSES.get(loss) if isinstance(loss, str) else None
    if box_loss is None:
        raise _unsupported(
            f"its box loss is {loss!r}",
            "RetinaNet",
            "plugtrain's RetinaNetHead supports 'l1', 'smooth_l1' and 'giou'",
        )
    coders = (model.box_coder, tv_head.regression_head.box_coder)
    if any(tuple(c.weights) != _UNIT_WEIGHTS for c in coders):
        raise _unsupported(
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
    _load(head, tv_head.state_dict(), "head")
    return head


def from_torchvision(model: nn.Module) -> Detector:
    """The plugtrain ``Detector`` equivalent to a torchvision ``FCOS`` or ``RetinaNet``.

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
    kind: Literal["fcos", "retinanet"]
    if isinstance(model, FCOS):
        kind = "fcos"
    elif isinstance(model, RetinaNet):
        kind = "retinanet"
    else:
        raise _unsupported(
            f"it is a {type(model).__name__}",
            type(model).__name__,
            "pass a torchvision.models.detection.FCOS or RetinaNet instance",
        )
    transform = model.transform
    if transform.fixed_size is not None:
        raise _unsupported(
            f"its transform resizes to a fixed size {transform.fixed_size}",
            "GeneralizedRCNNTransform(fixed_size=...)",
            "build the torchvision model with min_size/max_size instead of fixed_size",
        )
    backbone, tv_backbone = _convert_backbone(model)
    neck = _convert_neck(backbone, tv_backbone)
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
        min_size=int(transform.min_size[-1]),
        max_size=int(transform.max_size),
        score_threshold=float(model.score_thresh),
        nms_iou_threshold=float(model.nms_thresh),
        topk_candidates=int(model.topk_candidates),
        max_detections=int(model.detections_per_img),
    )
    parameter = next(model.parameters(), None)
    if parameter is not None:
        detector = detector.to(device=parameter.device, dtype=parameter.dtype)
    return detector.train(model.training)
