"""ResNet backbones on torchvision's ResNets: C2..C5 at strides 4..32.

The torchvision modules keep their attribute names (``conv1``, ``bn1``, ``relu``,
``maxpool``, ``layer1``..``layer4``), so the state dict of torchvision's
``IntermediateLayerGetter`` / ``BackboneWithFPN.body`` loads unchanged, and a torchvision
classification ResNet's state dict loads without its ``fc`` classifier.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Final, Self, cast, final

from jaxtyping import Float
from torch import Tensor, nn
from torchvision.models import ResNet, resnet18, resnet34, resnet50, resnet101
from torchvision.models.resnet import BasicBlock, Bottleneck
from torchvision.ops import FrozenBatchNorm2d

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_images
from plugtrain.components._interfaces import Backbone, FeatureMaps, WeightsTarget
from plugtrain.components.backbones._weights import load_backbone_weights
from plugtrain.specs import (
    GN_GROUPS,
    FeatureSpec,
    ResNetDepth,
    ResNetNorm,
    check_frozen_stages,
    check_resnet_norm,
    pyramid_spec,
    resnet_channels,
    resnet_feature_spec,
)
from plugtrain.typing import checked

__all__ = ["ResNetBackbone", "build_resnet_backbone", "resnet_feature_spec"]

_BUILDERS: Final[Mapping[int, Callable[..., ResNet]]] = {
    18: resnet18,
    34: resnet34,
    50: resnet50,
    101: resnet101,
}
_STEM: Final = ("conv1", "bn1")


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


def _describe(resnet: ResNet) -> str:
    """``ResNetBackbone(depth=18, norm='frozen_bn')``: what a weights file must come from."""
    blocks = sum(len(getattr(resnet, f"layer{k}")) for k in range(1, 5))
    convs_per_block = 3 if isinstance(resnet.layer1[0], Bottleneck) else 2
    norms: dict[type[nn.Module], str] = {
        FrozenBatchNorm2d: "frozen_bn",
        nn.BatchNorm2d: "bn",
        nn.GroupNorm: "gn",
    }
    norm = norms.get(type(resnet.bn1), type(resnet.bn1).__name__)
    return f"ResNetBackbone(depth={2 + convs_per_block * blocks}, norm={norm!r})"


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
        check_frozen_stages(frozen_stages)
        self._spec: Final = pyramid_spec(
            part="ResNetBackbone",
            channels=resnet_channels(_block_expansion(resnet)),
            out_levels=out_levels,
        )
        self._weights_part: Final = _describe(resnet)
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

    def weights_target(self) -> WeightsTarget:
        """The whole backbone; a classification ResNet's ``fc``/``avgpool`` and the stages
        after the last output level are ignored."""
        return WeightsTarget(module=self, part=self._weights_part, ignore=self.dropped_key)

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
    return partial(nn.GroupNorm, GN_GROUPS)


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
    # argument errors before anything is built
    resnet_feature_spec(depth=depth, out_levels=out_levels)
    norm_layer = _norm_layer(check_resnet_norm(norm))
    check_frozen_stages(frozen_stages)
    resnet = _BUILDERS[depth](weights=None, norm_layer=norm_layer)
    backbone = ResNetBackbone(resnet=resnet, out_levels=out_levels, frozen_stages=frozen_stages)
    if weights is not None:
        load_backbone_weights(backbone, weights)
    return backbone
