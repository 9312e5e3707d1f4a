from .mobilenetv2 import *
from .mobilenetv3 import *

__all__ = ['MobileNetV2', 'MobileNet_V2_Weights', 'mobilenet_v2', 'MobileNetV3', 'MobileNet_V3_Large_Weights', 'MobileNet_V3_Small_Weights', 'mobilenet_v3_large', 'mobilenet_v3_small']

# Names in __all__ with no definition:
#   MobileNetV2
#   MobileNetV3
#   MobileNet_V2_Weights
#   MobileNet_V3_Large_Weights
#   MobileNet_V3_Small_Weights
#   mobilenet_v2
#   mobilenet_v3_large
#   mobilenet_v3_small
