from .mobilenetv2 import *
from .mobilenetv3 import *

__all__ = ['QuantizableMobileNetV2', 'MobileNet_V2_QuantizedWeights', 'mobilenet_v2', 'QuantizableMobileNetV3', 'MobileNet_V3_Large_QuantizedWeights', 'mobilenet_v3_large']

# Names in __all__ with no definition:
#   MobileNet_V2_QuantizedWeights
#   MobileNet_V3_Large_QuantizedWeights
#   QuantizableMobileNetV2
#   QuantizableMobileNetV3
#   mobilenet_v2
#   mobilenet_v3_large
