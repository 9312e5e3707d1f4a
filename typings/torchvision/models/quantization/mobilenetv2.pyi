from .._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor
from torchvision.models.mobilenetv2 import InvertedResidual, MobileNetV2, MobileNet_V2_Weights
from typing import Any

__all__ = ['QuantizableMobileNetV2', 'MobileNet_V2_QuantizedWeights', 'mobilenet_v2']

class QuantizableInvertedResidual(InvertedResidual):
    skip_add: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class QuantizableMobileNetV2(MobileNetV2):
    quant: Incomplete
    dequant: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class MobileNet_V2_QuantizedWeights(WeightsEnum):
    IMAGENET1K_QNNPACK_V1: Incomplete
    DEFAULT = IMAGENET1K_QNNPACK_V1

def mobilenet_v2(*, weights: MobileNet_V2_QuantizedWeights | MobileNet_V2_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableMobileNetV2: ...
