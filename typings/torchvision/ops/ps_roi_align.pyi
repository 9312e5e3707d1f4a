import torch.fx
from ._utils import check_roi_boxes_shape as check_roi_boxes_shape, convert_boxes_to_roi_format as convert_boxes_to_roi_format
from _typeshed import Incomplete
from torch import Tensor, nn

@torch.fx.wrap
def ps_roi_align(input: Tensor, boxes: Tensor, output_size: int, spatial_scale: float = 1.0, sampling_ratio: int = -1) -> Tensor: ...

class PSRoIAlign(nn.Module):
    output_size: Incomplete
    spatial_scale: Incomplete
    sampling_ratio: Incomplete
    def __init__(self, output_size: int, spatial_scale: float, sampling_ratio: int) -> None: ...
    def forward(self, input: Tensor, rois: Tensor) -> Tensor: ...
