import torch
from _typeshed import Incomplete
from torch import Tensor
from typing import Callable

interpolate: Incomplete

class FrozenBatchNorm2d(torch.nn.Module):
    eps: float
    weight: Tensor
    bias: Tensor
    running_mean: Tensor
    running_var: Tensor
    def __init__(self, num_features: int, eps: float = 1e-05) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ConvNormActivation(torch.nn.Sequential):
    out_channels: Incomplete
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int | tuple[int, ...] = 3, stride: int | tuple[int, ...] = 1, padding: int | tuple[int, ...] | str | None = None, groups: int = 1, norm_layer: Callable[..., torch.nn.Module] | None = ..., activation_layer: Callable[..., torch.nn.Module] | None = ..., dilation: int | tuple[int, ...] = 1, inplace: bool | None = True, bias: bool | None = None, conv_layer: Callable[..., torch.nn.Module] = ...) -> None: ...

class Conv2dNormActivation(ConvNormActivation):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int | tuple[int, int] = 3, stride: int | tuple[int, int] = 1, padding: int | tuple[int, int] | str | None = None, groups: int = 1, norm_layer: Callable[..., torch.nn.Module] | None = ..., activation_layer: Callable[..., torch.nn.Module] | None = ..., dilation: int | tuple[int, int] = 1, inplace: bool | None = True, bias: bool | None = None) -> None: ...

class Conv3dNormActivation(ConvNormActivation):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int | tuple[int, int, int] = 3, stride: int | tuple[int, int, int] = 1, padding: int | tuple[int, int, int] | str | None = None, groups: int = 1, norm_layer: Callable[..., torch.nn.Module] | None = ..., activation_layer: Callable[..., torch.nn.Module] | None = ..., dilation: int | tuple[int, int, int] = 1, inplace: bool | None = True, bias: bool | None = None) -> None: ...

class SqueezeExcitation(torch.nn.Module):
    avgpool: Incomplete
    fc1: Incomplete
    fc2: Incomplete
    activation: Incomplete
    scale_activation: Incomplete
    def __init__(self, input_channels: int, squeeze_channels: int, activation: Callable[..., torch.nn.Module] = ..., scale_activation: Callable[..., torch.nn.Module] = ...) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class MLP(torch.nn.Sequential):
    def __init__(self, in_channels: int, hidden_channels: list[int], norm_layer: Callable[..., torch.nn.Module] | None = None, activation_layer: Callable[..., torch.nn.Module] | None = ..., inplace: bool | None = None, bias: bool = True, dropout: float = 0.0) -> None: ...

class Permute(torch.nn.Module):
    dims: Incomplete
    def __init__(self, dims: list[int]) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...
