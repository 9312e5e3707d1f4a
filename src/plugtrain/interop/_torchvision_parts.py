"""The parts every torchvision conversion shares: ResNet body, FPN, weights, refusals."""

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, cast

from torch import Tensor, nn
from torchvision.models import ResNet
from torchvision.models.detection.backbone_utils import BackboneWithFPN
from torchvision.models.detection.transform import GeneralizedRCNNTransform
from torchvision.models.resnet import BasicBlock, Bottleneck
from torchvision.ops import Conv2dNormActivation, FeaturePyramidNetwork
from torchvision.ops.feature_pyramid_network import LastLevelMaxPool, LastLevelP6P7

from plugtrain.components import FPN, ExtraPooledLevel, Neck, ResNetBackbone
from plugtrain.components.heads._arguments import GN_GROUPS
from plugtrain.errors import CompatibilityError

__all__ = [
    "Transform",
    "convert_backbone",
    "convert_neck",
    "convert_transform",
    "load",
    "unsupported",
]

_SUPPORTED: Final = (
    "torchvision FCOS, RetinaNet or Faster R-CNN with a ResNet + FPN backbone (BackboneWithFPN, "
    "as built by fcos_resnet50_fpn, retinanet_resnet50_fpn, retinanet_resnet50_fpn_v2, "
    "fasterrcnn_resnet50_fpn, resnet_fpn_backbone or _resnet_fpn_extractor)"
)
_STAGES: Final = ("layer1", "layer2", "layer3", "layer4")
_STEM: Final = ("conv1", "bn1", "relu", "maxpool")


def unsupported(what: str, found: str, fix: str) -> CompatibilityError:
    return CompatibilityError(
        problem=f"from_torchvision cannot convert this model: {what}",
        producer=f"torchvision model: {found}",
        consumer=f"from_torchvision: {_SUPPORTED}",
        fix=fix,
    )


def load(part: nn.Module, state: Mapping[str, Tensor], name: str) -> None:
    expected = set(part.state_dict())
    missing = sorted(expected - set(state))
    unexpected = sorted(set(state) - expected)
    if not missing and not unexpected:
        part.load_state_dict(dict(state))
    else:
        raise unsupported(
            f"the weights of its {name} do not fit the plugtrain {type(part).__name__}",
            f"missing {missing[:5]}, unexpected {unexpected[:5]}",
            "convert a model built by torchvision's own builders, or build the plugtrain "
            "detector from parts and load the weights yourself",
        )


def _frozen(module: nn.Module) -> bool:
    return not any(p.requires_grad for p in module.parameters())


def convert_backbone(model: nn.Module) -> tuple[ResNetBackbone, BackboneWithFPN]:
    tv_backbone = model.backbone
    if not isinstance(tv_backbone, BackboneWithFPN):
        raise unsupported(
            f"its backbone is a {type(tv_backbone).__name__}, not a BackboneWithFPN",
            type(model).__name__,
            "build the model with a ResNet FPN backbone (resnet_fpn_backbone)",
        )
    body = tv_backbone.body
    names = set(body.keys())
    first = body["layer1"] if "layer1" in names else None
    block = type(first[0]) if isinstance(first, nn.Sequential) and len(first) else None
    if block not in (BasicBlock, Bottleneck) or not set(_STEM) <= names:
        raise unsupported(
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
                raise unsupported(
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


def convert_neck(backbone: ResNetBackbone, tv_backbone: BackboneWithFPN) -> Neck:
    tv_fpn = tv_backbone.fpn
    extra = tv_fpn.extra_blocks
    if isinstance(extra, LastLevelMaxPool):
        return ExtraPooledLevel(neck=_convert_fpn(backbone, tv_fpn, None, tv_backbone.out_channels))
    if extra is not None and not isinstance(extra, LastLevelP6P7):
        raise unsupported(
            f"its FPN's extra block is {type(extra).__name__}; plugtrain makes P6/P7 with "
            "LastLevelP6P7 or a pooled level with LastLevelMaxPool only",
            type(tv_backbone).__name__,
            "use extra_blocks=LastLevelP6P7(...) (FCOS and RetinaNet do) or "
            "LastLevelMaxPool() (Faster R-CNN does)",
        )
    return _convert_fpn(backbone, tv_fpn, extra, tv_backbone.out_channels)


def _convert_fpn(
    backbone: ResNetBackbone,
    tv_fpn: FeaturePyramidNetwork,
    extra: LastLevelP6P7 | None,
    channels: int,
) -> FPN:
    inner = tv_fpn.inner_blocks[0]
    norm_layers = list(inner)[1:] if isinstance(inner, Conv2dNormActivation) else []
    norm: Literal["none", "gn", "bn"] = "none"
    if norm_layers:
        layer = norm_layers[0]
        if isinstance(layer, nn.GroupNorm) and layer.num_groups == GN_GROUPS:
            norm = "gn"
        elif type(layer) is nn.BatchNorm2d:
            norm = "bn"
        else:
            raise unsupported(
                f"its FPN normalises with {type(layer).__name__}",
                "FPN with a norm layer",
                "plugtrain's FPN supports no norm, GroupNorm(32) or BatchNorm2d",
            )
    levels = [level.stride.bit_length() - 1 for level in backbone.feature_spec]
    if extra is not None:
        levels += [levels[-1] + 1, levels[-1] + 2]
    neck = FPN(
        in_spec=backbone.feature_spec,
        channels=channels,
        out_levels=levels,
        extra_source="p5" if extra is None or extra.use_P5 else "c5",
        norm=norm,
    )
    load(neck.fpn, tv_fpn.state_dict(), "FPN")
    return neck


@dataclass(frozen=True, slots=True)
class Transform:
    """The preprocessing settings of a torchvision detector, as plugtrain's detectors take
    them."""

    image_mean: tuple[float, ...]
    image_std: tuple[float, ...]
    size_divisible: int
    min_size: int
    max_size: int


def convert_transform(transform: GeneralizedRCNNTransform) -> Transform:
    """The evaluation size (the last ``min_size``: torchvision's random multi-scale
    training size is not carried over), mean, std and padding of ``transform``."""
    if transform.fixed_size is not None:
        raise unsupported(
            f"its transform resizes to a fixed size {transform.fixed_size}",
            "GeneralizedRCNNTransform(fixed_size=...)",
            "build the torchvision model with min_size/max_size instead of fixed_size",
        )
    return Transform(
        image_mean=tuple(float(v) for v in transform.image_mean),
        image_std=tuple(float(v) for v in transform.image_std),
        size_divisible=int(transform.size_divisible),
        min_size=int(transform.min_size[-1]),
        max_size=int(transform.max_size),
    )
