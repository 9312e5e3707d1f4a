import torch
from ._bounding_boxes import BoundingBoxFormat as BoundingBoxFormat, BoundingBoxes as BoundingBoxes, is_rotated_bounding_format as is_rotated_bounding_format
from ._image import Image as Image
from ._keypoints import KeyPoints as KeyPoints
from ._mask import Mask as Mask
from ._torch_function_helpers import set_return_type as set_return_type
from ._tv_tensor import TVTensor as TVTensor
from ._video import Video as Video

@torch.compiler.disable
def wrap(wrappee, *, like, **kwargs): ...
