from _typeshed import Incomplete
from torch import Tensor, nn

def deform_conv2d(input: Tensor, offset: Tensor, weight: Tensor, bias: Tensor | None = None, stride: tuple[int, int] = (1, 1), padding: tuple[int, int] = (0, 0), dilation: tuple[int, int] = (1, 1), mask: Tensor | None = None) -> Tensor: ...

class DeformConv2d(nn.Module):
    in_channels: Incomplete
    out_channels: Incomplete
    kernel_size: Incomplete
    stride: Incomplete
    padding: Incomplete
    dilation: Incomplete
    groups: Incomplete
    weight: Incomplete
    bias: Incomplete
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1, groups: int = 1, bias: bool = True) -> None: ...
    def reset_parameters(self) -> None: ...
    def forward(self, input: Tensor, offset: Tensor, mask: Tensor | None = None) -> Tensor: ...
