from torchvision.models.detection.faster_rcnn import FasterRCNN as FasterRCNN
from torchvision.models.detection.faster_rcnn import (
    fasterrcnn_mobilenet_v3_large_320_fpn as fasterrcnn_mobilenet_v3_large_320_fpn,
)
from torchvision.models.detection.faster_rcnn import (
    fasterrcnn_resnet50_fpn as fasterrcnn_resnet50_fpn,
)
from torchvision.models.detection.faster_rcnn import (
    fasterrcnn_resnet50_fpn_v2 as fasterrcnn_resnet50_fpn_v2,
)
from torchvision.models.detection.fcos import FCOS as FCOS
from torchvision.models.detection.fcos import fcos_resnet50_fpn as fcos_resnet50_fpn
from torchvision.models.detection.retinanet import RetinaNet as RetinaNet
from torchvision.models.detection.retinanet import (
    retinanet_resnet50_fpn_v2 as retinanet_resnet50_fpn_v2,
)
