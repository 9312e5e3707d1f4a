"""ResNet backbones on torchvision's ResNets: C2..C5 at strides 4..32.

The torchvision modules keep their attribute names (``conv1``, ``bn1``, ``relu``,
``maxpool``, ``layer1``..``layer4``), so the state dict of torchvision's
``IntermediateLayerGetter`` / ``BackboneWithFPN.body`` loads unchanged, and a torchvision
classification ResNet's state dict loads without its ``fc`` classifier.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Final, Literal, Self, cast, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.models import ResNet, resnet18, resnet34, resnet50, resnet101
from torchvision.models.resnet import BasicBlock, Bottleneck
from torchvision.ops import FrozenBatchNorm2d

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.components._feature_checks import check_images
from plugtrain.components._interfaces import Backbone, FeatureMaps
from plugtrain.components.backbones._levels import pyramid_spec
from plugtrain.components.backbones._weights import load_weights
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["ResNetBackbone", "build_resnet_backbone", "resnet_feature_spec"]

ResNetDepth = Literal[18, 34, 50, 101]
ResNetNorm = Literal["frozen_bn", "bn", "gn"]

_BASE_CHANNELS: Final = (64, 128, 256, 512)
_EXPANSION: Final = {18: 1, 34: 1, 50: 4, 101: 4}
_BUILDERS: Final[Mapping[int, Callable[..., ResNet]]] = {
    18: resnet18,
    34: resnet34,
    50: resnet50,
    101: resnet101,
}
_NORMS: Final = ("frozen_bn", "bn", "gn")
_GN_GROUPS: Final = 32
_STEM: Final = ("conv1", "bn1")
_MAX_FROZEN: Final = 5


def _channels(expansion: int) -> tuple[int, ...]:
    return tuple(channels * expansion for channels in _BASE_CHANNELS)


def resnet_feature_spec(
    *, depth: ResNetDepth, out_levels: Sequence[int] = (3, 4, 5)
) -> FeatureSpec:
    """The spec of ``build_resnet_backbone(depth=..., out_levels=...)`` without building it.

    ResNet-18/34 make 64, 128, 256, 512 channels at C2..C5; ResNet-50/101 make 256, 512,
    1024, 2048.
    """
    expansion = _EXPANSION.get(depth)
    if expansion is None:
        raise invalid_argument(
            "resnet",
            "depth",
            received=depth,
            expected=f"one of {sorted(_EXPANSION)}",
            fix="pick a depth torchvision builds (18, 34, 50 or 101)",
        )
    return pyramid_spec(part="resnet", channels=_channels(expansion), out_levels=out_levels)


def _block_expansion(resnet: ResNet) -> int:
    block = resnet.layer1[0]
    if isinstance(block, Bottleneck):
        return 4
    if isinstance(block, BasicBlock):
        return 1
    raise invalid_argument(
        "ResNetBackbone",
        "resnet",
        received=f"a ResNet built from {type(block).__name__} blocks",
        expected="a torchvision ResNet of BasicBlock or Bottleneck blocks",
        fix="build it with torchvision.models.resnet18/34/50/101 (or resnext, wide_resnet)",
    )


@final
class ResNetBackbone(Backbone):
    """A torchvision ResNet as a backbone of levels ``C2..C5`` (strides 4, 8, 16, 32).

    ``resnet`` is used as it is (its modules are shared, not copied); ``avgpool`` and
    ``fc`` are dropped, and so are the stages after the last of ``out_levels`` (as
    torchvision's ``IntermediateLayerGetter`` does).

    ``frozen_stages`` (0..5): 0 trains everything; ``k >= 1`` freezes the stem (``conv1``,
    ``bn1``) and the first ``k - 1`` stages (``layer1``..``layer{k-1}``); 5 freezes all.
    It equals ``5 - trainable_layers`` of torchvision's detection builders. Frozen
    parameters get ``requires_grad=False`` and frozen modules stay in eval mode (their
    batch-norm statistics do not drift) even after ``train()``.
    """

    conv1: nn.Conv2d
    bn1: nn.Module
    relu: nn.Module
    maxpool: nn.Module

    def __init__(
        self, *, resnet: ResNet, out_levels: Sequence[int] = (3, 4, 5), frozen_stages: int = 0
    ) -> None:
        super().__init__()
        if not isinstance(cast(object, resnet), ResNet):
            raise invalid_argument(
                "ResNetBackbone",
                "resnet",
                received=type(resnet).__name__,
                expected="a torchvision.models.ResNet",
                fix="pass e.g. torchvision.models.resnet18(), or use build_resnet_backbone",
            )
        if resnet.dilation != 1:
            raise invalid_argument(
                "ResNetBackbone",
                "resnet",
                received="a ResNet with replace_stride_with_dilation",
                expected="a ResNet with strides 4, 8, 16, 32 at C2..C5",
                fix="build the ResNet without replace_stride_with_dilation",
            )
        if not is_int(frozen_stages) or not 0 <= frozen_stages <= _MAX_FROZEN:
            raise invalid_argument(
                "ResNetBackbone",
                "frozen_stages",
                received=frozen_stages,
                expected=f"an int in [0, {_MAX_FROZEN}] (0 trains all, 1 freezes the stem, "
                f"k freezes the stem and layer1..layer(k-1))",
                fix="use 5 - trainable_layers if you think in torchvision's terms",
            )
        self._spec: Final = pyramid_spec(
            part="ResNetBackbone",
            channels=_channels(_block_expansion(resnet)),
            out_levels=out_levels,
        )
        self.conv1 = resnet.conv1
        self.bn1 = resnet.bn1
        self.relu = resnet.relu
        self.maxpool = resnet.maxpool
        last_level = max(out_levels)
        # layer{k} makes C{k+1}: keep layer1..layer{last_level - 1}
        self._stage_names: Final = tuple(f"layer{k}" for k in range(1, last_level))
        for name in self._stage_names:
            self.add_module(name, getattr(resnet, name))
        self._returned: Final = frozenset(f"layer{level - 1}" for level in out_levels)
        self._frozen: Final = (_STEM + self._stage_names)[
            : frozen_stages + 1 if frozen_stages else 0
        ]
        self.frozen_stages: Final = frozen_stages
        for name in self._frozen:
            self.get_submodule(name).requires_grad_(False)
        self.train(self.training)

    @property
    def feature_spec(self) -> FeatureSpec:
        return self._spec

    def train(self, mode: bool = True) -> Self:
        """Set train/eval mode; frozen stages stay in eval mode."""
        super().train(mode)
        for name in self._frozen:
            self.get_submodule(name).eval()
        return self

    def dropped_key(self, key: str) -> bool:
        """Whether a key of a torchvision ResNet state dict belongs to a dropped module."""
        top = key.split(".", 1)[0]
        return top in {"fc", "avgpool"} or (
            top.startswith("layer") and top not in self._stage_names
        )

    @checked
    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> FeatureMaps:
        check_images(component="ResNetBackbone", images=images, weight=self.conv1.weight)
        x: Tensor = self.maxpool(self.relu(self.bn1(self.conv1(images))))
        features: list[Tensor] = []
        for name in self._stage_names:
            stage: nn.Module = getattr(self, name)
            x = stage(x)
            if name in self._returned:
                features.append(x)
        return features


def _norm_layer(norm: ResNetNorm) -> type[nn.Module] | partial[nn.GroupNorm]:
    if norm == "frozen_bn":
        return FrozenBatchNorm2d
    if norm == "bn":
        return nn.BatchNorm2d
    if norm == "gn":
        return partial(nn.GroupNorm, _GN_GROUPS)
    raise invalid_argument(
        "build_resnet_backbone",
        "norm",
        received=norm,
        expected=f"one of {list(_NORMS)}",
        fix="use 'frozen_bn' for pretrained weights, 'bn' or 'gn' to train the statistics",
    )


def build_resnet_backbone(
    *,
    depth: ResNetDepth,
    out_levels: Sequence[int] = (3, 4, 5),
    frozen_stages: int = 0,
    norm: ResNetNorm = "frozen_bn",
    weights: str | Path | None = None,
) -> ResNetBackbone:
    """A ResNet backbone, randomly initialised unless ``weights`` names a local file.

    ``weights``: a ``.safetensors`` file (e.g. saved by plugtrain) or a torchvision
    ``.pth`` state dict (read with ``torch.load(weights_only=True)``), of a classification
    ResNet, a ``BackboneWithFPN`` body or a whole detector; nothing is ever downloaded.
    A file that does not fit raises ``CheckpointError`` listing the mismatching keys.
    ``norm``: ``frozen_bn`` (fixed statistics, torchvision's choice for pretrained
    weights), ``bn`` or ``gn`` (GroupNorm with 32 groups).
    """
    resnet_feature_spec(depth=depth, out_levels=out_levels)  # argument errors before building
    norm_layer = _norm_layer(norm)
    resnet = _BUILDERS[depth](weights=None, norm_layer=norm_layer)
    backbone = ResNetBackbone(resnet=resnet, out_levels=out_levels, frozen_stages=frozen_stages)
    if weights is not None:
        load_weights(
            backbone,
            weights,
            part=f"ResNetBackbone(depth={depth}, norm={norm!r})",
            ignore=backbone.dropped_key,
        )
    return backbone
