from ...ops.misc import SqueezeExcitation
from .._api import WeightsEnum
from ..mobilenetv3 import InvertedResidual, MobileNetV3, MobileNet_V3_Large_Weights
from _typeshed import Incomplete
from torch import Tensor
from typing import Any

__all__ = ['QuantizableMobileNetV3', 'MobileNet_V3_Large_QuantizedWeights', 'mobilenet_v3_large']

class QuantizableSqueezeExcitation(SqueezeExcitation):
    skip_mul: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class QuantizableInvertedResidual(InvertedResidual):
    skip_add: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class QuantizableMobileNetV3(MobileNetV3):
    quant: Incomplete
    dequant: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class MobileNet_V3_Large_QuantizedWeights(WeightsEnum):
    IMAGENET1K_QNNPACK_V1: Incomplete
    DEFAULT = IMAGENET1K_QNNPACK_V1

def mobilenet_v3_large(*, weights: MobileNet_V3_Large_QuantizedWeights | MobileNet_V3_Large_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableMobileNetV3: ...
