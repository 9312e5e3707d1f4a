import torch
from .._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor, nn
from typing import Any, Callable

__all__ = ['SwinTransformer3d', 'Swin3D_T_Weights', 'Swin3D_S_Weights', 'Swin3D_B_Weights', 'swin3d_t', 'swin3d_s', 'swin3d_b']

class ShiftedWindowAttention3d(nn.Module):
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
    def get_relative_position_bias(self, window_size: list[int]) -> torch.Tensor: ...
    def forward(self, x: Tensor) -> Tensor: ...

class PatchEmbed3d(nn.Module):
    tuple_patch_size: Incomplete
    proj: Incomplete
    norm: Incomplete
    def __init__(self, patch_size: list[int], in_channels: int = 3, embed_dim: int = 96, norm_layer: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class SwinTransformer3d(nn.Module):
    num_classes: Incomplete
    patch_embed: Incomplete
    pos_drop: Incomplete
    features: Incomplete
    num_features: Incomplete
    norm: Incomplete
    avgpool: Incomplete
    head: Incomplete
    def __init__(self, patch_size: list[int], embed_dim: int, depths: list[int], num_heads: list[int], window_size: list[int], mlp_ratio: float = 4.0, dropout: float = 0.0, attention_dropout: float = 0.0, stochastic_depth_prob: float = 0.1, num_classes: int = 400, norm_layer: Callable[..., nn.Module] | None = None, block: Callable[..., nn.Module] | None = None, downsample_layer: Callable[..., nn.Module] = ..., patch_embed: Callable[..., nn.Module] | None = None) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class Swin3D_T_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

class Swin3D_S_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

class Swin3D_B_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    KINETICS400_IMAGENET22K_V1: Incomplete
    DEFAULT = KINETICS400_V1

def swin3d_t(*, weights: Swin3D_T_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer3d: ...
def swin3d_s(*, weights: Swin3D_S_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer3d: ...
def swin3d_b(*, weights: Swin3D_B_Weights | None = None, progress: bool = True, **kwargs: Any) -> SwinTransformer3d: ...
