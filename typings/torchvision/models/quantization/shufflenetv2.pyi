from .._api import WeightsEnum
from ..shufflenetv2 import ShuffleNet_V2_X0_5_Weights, ShuffleNet_V2_X1_0_Weights, ShuffleNet_V2_X1_5_Weights, ShuffleNet_V2_X2_0_Weights
from _typeshed import Incomplete
from torch import Tensor
from torchvision.models import shufflenetv2
from typing import Any

__all__ = ['QuantizableShuffleNetV2', 'ShuffleNet_V2_X0_5_QuantizedWeights', 'ShuffleNet_V2_X1_0_QuantizedWeights', 'ShuffleNet_V2_X1_5_QuantizedWeights', 'ShuffleNet_V2_X2_0_QuantizedWeights', 'shufflenet_v2_x0_5', 'shufflenet_v2_x1_0', 'shufflenet_v2_x1_5', 'shufflenet_v2_x2_0']

class QuantizableInvertedResidual(shufflenetv2.InvertedResidual):
    cat: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class QuantizableShuffleNetV2(shufflenetv2.ShuffleNetV2):
    quant: Incomplete
    dequant: Incomplete
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
    def fuse_model(self, is_qat: bool | None = None) -> None: ...

class ShuffleNet_V2_X0_5_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V1

class ShuffleNet_V2_X1_0_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V1

class ShuffleNet_V2_X1_5_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V1

class ShuffleNet_V2_X2_0_QuantizedWeights(WeightsEnum):
    IMAGENET1K_FBGEMM_V1: Incomplete
    DEFAULT = IMAGENET1K_FBGEMM_V1

def shufflenet_v2_x0_5(*, weights: ShuffleNet_V2_X0_5_QuantizedWeights | ShuffleNet_V2_X0_5_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableShuffleNetV2: ...
def shufflenet_v2_x1_0(*, weights: ShuffleNet_V2_X1_0_QuantizedWeights | ShuffleNet_V2_X1_0_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableShuffleNetV2: ...
def shufflenet_v2_x1_5(*, weights: ShuffleNet_V2_X1_5_QuantizedWeights | ShuffleNet_V2_X1_5_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableShuffleNetV2: ...
def shufflenet_v2_x2_0(*, weights: ShuffleNet_V2_X2_0_QuantizedWeights | ShuffleNet_V2_X2_0_Weights | None = None, progress: bool = True, quantize: bool = False, **kwargs: Any) -> QuantizableShuffleNetV2: ...
