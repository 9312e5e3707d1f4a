from .. import mobilenet as mobilenet, resnet as resnet
from .._api import WeightsEnum as WeightsEnum
from .._utils import IntermediateLayerGetter as IntermediateLayerGetter, handle_legacy_interface as handle_legacy_interface
from torch import Tensor, nn
from torchvision.ops.feature_pyramid_network import ExtraFPNBlock as ExtraFPNBlock, FeaturePyramidNetwork as FeaturePyramidNetwork, LastLevelMaxPool as LastLevelMaxPool
from typing import Callable

class BackboneWithFPN(nn.Module):
    body: IntermediateLayerGetter
    fpn: FeaturePyramidNetwork
    out_channels: int
    def __init__(self, backbone: nn.Module, return_layers: dict[str, str], in_channels_list: list[int], out_channels: int, extra_blocks: ExtraFPNBlock | None = None, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> dict[str, Tensor]: ...

def resnet_fpn_backbone(*, backbone_name: str, weights: WeightsEnum | None, norm_layer: Callable[..., nn.Module] = ..., trainable_layers: int = 3, returned_layers: list[int] | None = None, extra_blocks: ExtraFPNBlock | None = None) -> BackboneWithFPN: ...
def mobilenet_backbone(*, backbone_name: str, weights: WeightsEnum | None, fpn: bool, norm_layer: Callable[..., nn.Module] = ..., trainable_layers: int = 2, returned_layers: list[int] | None = None, extra_blocks: ExtraFPNBlock | None = None) -> nn.Module: ...
