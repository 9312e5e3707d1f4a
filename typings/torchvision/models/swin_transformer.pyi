import torch
from ._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['SwinTransformer', 'Swin_T_Weights', 'Swin_S_Weights', 'Swin_B_Weights', 'Swin_V2_T_Weights', 'Swin_V2_S_Weights', 'Swin_V2_B_Weights', 'swin_t', 'swin_s', 'swin_b', 'swin_v2_t', 'swin_v2_s', 'swin_v2_b']

class PatchMerging(nn.Module):
    dim: Incomplete
    reduction: Incomplete
    norm: Incomplete
    def __init__(self, dim: int, norm_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: Tensor): ...

class PatchMergingV2(nn.Module):
    dim: Incomplete
    reduction: Incomplete
    norm: Incomplete
    def __init__(self, dim: int, norm_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: Tensor): ...

class ShiftedWindowAttention(nn.Module):
    window_size: Incomplete
    shift_size: Incomplete
    num_heads: Incomplete
    attention_dropout: Incomplete
    dropout: Incomplete
    qkv: Incomplete
    proj: Incomplete
    def __init__(self, dim: int, window_size: list[int], shift_size: list[int], num_heads: int, qkv_bias: bool = True, proj_bias: bool = True, attention_dropout: float = 0.0, dropout: float = 0.0) -> None: ...
    relative_position_bias_table: Incomplete
    def define_relative_position_bias_table(self) -> None: ...
    def define_relative_position_index(self) -> None: ...
    def get_relative_position_bias(self) -> torch.Tensor: ...
    def forward(self, x: Tensor) -> Tensor: ...

class ShiftedWindowAttentionV2(ShiftedWindowAttention):
    logit_scale: Incomplete
    cpb_mlp: Incomplete
    def __init__(self, dim: int, window_size: list[int], shift_size: list[int], num_heads: int, qkv_bias: bool = True, proj_bias: bool = True, attention_dropout: float = 0.0, dropout: float = 0.0) -> None: ...
    def define_relative_position_bias_table(self) -> None: ...
    def get_relative_position_bias(self) -> torch.Tensor: ...
    def forward(self, x: Tensor): ...

class SwinTransformerBlock(nn.Module):
    norm1: Incomplete
    attn: Incomplete
    stochastic_depth: Incomplete
    norm2: Incomplete
    mlp: Incomplete
    def __init__(self, dim: int, num_heads: int, window_size: list[int], shift_size: list[int], mlp_ratio: float = 4.0, dropout: float = 0.0, attention_dropout: float = 0.0, stochastic_depth_prob: float = 0.0, norm_layer: Callable[..., nn.Module] = ..., attn_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: Tensor): ...

class SwinTransformerBlockV2(SwinTransformerBlock):
    def __init__(self, dim: int, num_heads: int, window_size: list[int], shift_size: list[int], mlp_ratio: float = 4.0, dropout: float = 0.0, attention_dropout: float = 0.0, stochastic_depth_prob: float = 0.0, norm_layer: Callable[..., nn.Module] = ..., attn_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: Tensor): ...

class SwinTransformer(nn.Module):
    num_classes: Incomplete
    features: Incomplete
    norm: Incomplete
    permute: Incomplete
    avgpool: Incomplete
    flatten: Incomplete
    head: Incomplete
    def __init__(self, patch_size: list[int], embed_dim: int, depths: list[int], num_heads: list[int], window_size: list[int], mlp_ratio: float = 4.0, dropout: float = 0.0, attention_dropout: float = 0.0, stochastic_depth_prob: float = 0.1, num_classes: int = 1000, norm_layer: Callable[..., nn.Module] | None = None, block: Callable[..., nn.Module] | None = None, downsample_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x): ...

class Swin_T_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class Swin_S_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class Swin_B_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class Swin_V2_T_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class Swin_V2_S_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class Swin_V2_B_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def swin_t(*, weights: Swin_T_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer: ...
def swin_s(*, weights: Swin_S_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer: ...
def swin_b(*, weights: Swin_B_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer: ...
def swin_v2_t(*, weights: Swin_V2_T_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer: ...
def swin_v2_s(*, weights: Swin_V2_S_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer: ...
def swin_v2_b(*, weights: Swin_V2_B_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer: ...
