import torch.fx
from ._utils import check_roi_boxes_shape as check_roi_boxes_shape, convert_boxes_to_roi_format as convert_boxes_to_roi_format
from _typeshed import Incomplete
from torch import Tensor, nn
from torch.jit.annotations import BroadcastingList2

def lazy_compile(**compile_kwargs): ...
def maybe_cast(tensor): ...
@torch.fx.wrap
def roi_align(input: Tensor, boxes: Tensor | list[Tensor], output_size: BroadcastingList2[int], spatial_scale: float = 1.0, sampling_ratio: int = -1, aligned: bool = False) -> Tensor: ...

class RoIAlign(nn.Module):
    output_size: Incomplete
    spatial_scale: Incomplete
    sampling_ratio: Incomplete
    aligned: Incomplete
    def __init__(self, output_size: BroadcastingList2[int], spatial_scale: float, sampling_ratio: int, aligned: bool = False) -> None: ...
    def forward(self, input: Tensor, rois: Tensor | list[Tensor]) -> Tensor: ...
