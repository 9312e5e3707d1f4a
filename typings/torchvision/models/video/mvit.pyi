import torch
import torch.nn as nn
from .._api import WeightsEnum
from _typeshed import Incomplete
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ['MViT', 'MViT_V1_B_Weights', 'mvit_v1_b', 'MViT_V2_S_Weights', 'mvit_v2_s']

@dataclass
class MSBlockConfig:
    num_heads: int
    input_channels: int
    output_channels: int
    kernel_q: list[int]
    kernel_kv: list[int]
    stride_q: list[int]
    stride_kv: list[int]

class Pool(nn.Module):
    pool: Incomplete
    norm_act: Incomplete
    norm_before_pool: Incomplete
    def __init__(self, pool: nn.Module, norm: nn.Module | None, activation: nn.Module | None = None, norm_before_pool: bool = False) -> None: ...
    def forward(self, x: torch.Tensor, thw: tuple[int, int, int]) -> tuple[torch.Tensor, tuple[int, int, int]]: ...

class MultiscaleAttention(nn.Module):
    embed_dim: Incomplete
    output_dim: Incomplete
    num_heads: Incomplete
    head_dim: Incomplete
    scaler: Incomplete
    residual_pool: Incomplete
    residual_with_cls_embed: Incomplete
    qkv: Incomplete
    project: Incomplete
    pool_q: nn.Module | None
    pool_k: nn.Module | None
    pool_v: nn.Module | None
    rel_pos_h: nn.Parameter | None
    rel_pos_w: nn.Parameter | None
    rel_pos_t: nn.Parameter | None
    def __init__(self, input_size: list[int], embed_dim: int, output_dim: int, num_heads: int, kernel_q: list[int], kernel_kv: list[int], stride_q: list[int], stride_kv: list[int], residual_pool: bool, residual_with_cls_embed: bool, rel_pos_embed: bool, dropout: float = 0.0, norm_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: torch.Tensor, thw: tuple[int, int, int]) -> tuple[torch.Tensor, tuple[int, int, int]]: ...

class MultiscaleBlock(nn.Module):
    proj_after_attn: Incomplete
    pool_skip: nn.Module | None
    norm1: Incomplete
    norm2: Incomplete
    needs_transposal: Incomplete
    attn: Incomplete
    mlp: Incomplete
    stochastic_depth: Incomplete
    project: nn.Module | None
    def __init__(self, input_size: list[int], cnf: MSBlockConfig, residual_pool: bool, residual_with_cls_embed: bool, rel_pos_embed: bool, proj_after_attn: bool, dropout: float = 0.0, stochastic_depth_prob: float = 0.0, norm_layer: Callable[..., nn.Module] = ...) -> None: ...
    def forward(self, x: torch.Tensor, thw: tuple[int, int, int]) -> tuple[torch.Tensor, tuple[int, int, int]]: ...

class PositionalEncoding(nn.Module):
    spatial_size: Incomplete
    temporal_size: Incomplete
    class_token: Incomplete
    spatial_pos: nn.Parameter | None
    temporal_pos: nn.Parameter | None
    class_pos: nn.Parameter | None
    def __init__(self, embed_size: int, spatial_size: tuple[int, int], temporal_size: int, rel_pos_embed: bool) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class MViT(nn.Module):
    conv_proj: Incomplete
    pos_encoding: Incomplete
    blocks: Incomplete
    norm: Incomplete
    head: Incomplete
    def __init__(self, spatial_size: tuple[int, int], temporal_size: int, block_setting: Sequence[MSBlockConfig], residual_pool: bool, residual_with_cls_embed: bool, rel_pos_embed: bool, proj_after_attn: bool, dropout: float = 0.5, attention_dropout: float = 0.0, stochastic_depth_prob: float = 0.0, num_classes: int = 400, block: Callable[..., nn.Module] | None = None, norm_layer: Callable[..., nn.Module] | None = None, patch_embed_kernel: tuple[int, int, int] = (3, 7, 7), patch_embed_stride: tuple[int, int, int] = (2, 4, 4), patch_embed_padding: tuple[int, int, int] = (1, 3, 3)) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class MViT_V1_B_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

class MViT_V2_S_Weights(WeightsEnum):
    KINETICS400_V1: Incomplete
    DEFAULT = KINETICS400_V1

def mvit_v1_b(*, weights: MViT_V1_B_Weights | None = None, progress: bool = True, **kwargs: Any) -> MViT: ...
def mvit_v2_s(*, weights: MViT_V2_S_Weights | None = None, progress: bool = True, **kwargs: Any) -> MViT: ...
