from .._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNeXt101_32X8D_Weights, ResNeXt101_64X4D_Weights, ResNet, ResNet18_Weights, ResNet50_Weights
from typing import Any

__all__ = ['QuantizableResNet', 'ResNet18_QuantizedWeights', 'ResNet50_QuantizedWeights', 'ResNeXt101_32X8D_QuantizedWeights', 'ResNeXt101_64X4D_QuantizedWeights', 'resnet18', 'resnet50', 'resnext101_32x8d', 'resnext101_64x4d']

class QuantizableBasicBlock(BasicBlock):
    add_relu: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class QuantizableBottleneck(Bottleneck):
    skip_add_relu: Incomplete
    relu1: Incomplete
    relu2: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class QuantizableResNet(ResNet):
    quant: Incomplete
    dequant: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class ResNet18_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V1

class ResNet50_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    IMAGENET1K_FBGEMM_V2: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V2

class ResNeXt101_32X8D_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    IMAGENET1K_FBGEMM_V2: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V2

class ResNeXt101_64X4D_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V1

def resnet18(*, weights: ResNet18_QuantizedWeights | ResNet18_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableResNet: ...
def resnet50(*, weights: ResNet50_QuantizedWeights | ResNet50_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableResNet: ...
def resnext101_32x8d(*, weights: ResNeXt101_32X8D_QuantizedWeights | ResNeXt101_32X8D_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableResNet: ...
def resnext101_64x4d(*, weights: ResNeXt101_64X4D_QuantizedWeights | ResNeXt101_64X4D_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableResNet: ...
