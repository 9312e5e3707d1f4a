import torch.fx
from ._utils import check_roi_boxes_shape as check_roi_boxes_shape, convert_boxes_to_roi_format as convert_boxes_to_roi_format
from _typeshed import Incomplete
from torch import Tensor, nn
from torch.jit.annotations import BroadcastingList2

@torch.fx.wrap
def roi_pool(input: Tensor, boxes: Tensor | list[Tensor], output_size: BroadcastingList2[int], spatial_scale: float = 1.0) -> Tensor: ...

class RoIPool(nn.Module):
    output_size: Incomplete
    spatial_scale: Incomplete
    def __init__(self, output_size: BroadcastingList2[int], spatial_scale: float) -> None: ...
    def forward(self, input: Tensor, rois: Tensor | list[Tensor]) -> Tensor: ...
