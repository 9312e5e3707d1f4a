import torch
from _typeshed import Incomplete
from torch import Tensor, nn
from torchvision.models._api import WeightsEnum
from typing import Any, Callable

__all__ = ['MaxVit', 'MaxVit_T_Weights', 'maxvit_t']

class MBConv(nn.Module):
    proj: nn.Module
    stochastic_depth: Incomplete
    layers: Incomplete
    def __init__(self, in_channels: int, out_channels: int, expansion_ratio: float, squeeze_ratio: float, stride: int, activation_layer: Callable[..., nn.Module], norm_layer: Callable[..., nn.Module], p_stochastic_dropout: float = 0.0) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class RelativePositionalMultiHeadAttention(nn.Module):
    n_heads: Incomplete
    head_dim: Incomplete
    size: Incomplete
    max_seq_len: Incomplete
    to_qkv: Incomplete
    scale_factor: Incomplete
    merge: Incomplete
    relative_position_bias_table: Incomplete
    def __init__(self, feat_dim: int, head_dim: int, max_seq_len: int) -> None: ...
    def get_relative_positional_bias(self) -> torch.Tensor: ...
    def forward(self, x: Tensor) -> Tensor: ...

class SwapAxes(nn.Module):
    a: Incomplete
    b: Incomplete
    def __init__(self, a: int, b: int) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class WindowPartition(nn.Module):
    def __init__(self) -> None: ...
    def forward(self, x: Tensor, p: int) -> Tensor: ...

class WindowDepartition(nn.Module):
    def __init__(self) -> None: ...
    def forward(self, x: Tensor, p: int, h_partitions: int, w_partitions: int) -> Tensor: ...

class PartitionAttentionLayer(nn.Module):
    n_heads: Incomplete
    head_dim: Incomplete
    n_partitions: Incomplete
    partition_type: Incomplete
    grid_size: Incomplete
    partition_op: Incomplete
    departition_op: Incomplete
    partition_swap: Incomplete
    departition_swap: Incomplete
    attn_layer: Incomplete
    mlp_layer: Incomplete
    stochastic_dropout: Incomplete
    def __init__(self, in_channels: int, head_dim: int, partition_size: int, partition_type: str, grid_size: tuple[int, int], mlp_ratio: int, activation_layer: Callable[..., nn.Module], norm_layer: Callable[..., nn.Module], attention_dropout: float, mlp_dropout: float, p_stochastic_dropout: float) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MaxVitLayer(nn.Module):
    layers: Incomplete
    def __init__(self, in_channels: int, out_channels: int, squeeze_ratio: float, expansion_ratio: float, stride: int, norm_layer: Callable[..., nn.Module], activation_layer: Callable[..., nn.Module], head_dim: int, mlp_ratio: int, mlp_dropout: float, attention_dropout: float, p_stochastic_dropout: float, partition_size: int, grid_size: tuple[int, int]) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MaxVitBlock(nn.Module):
    layers: Incomplete
    grid_size: Incomplete
    def __init__(self, in_channels: int, out_channels: int, squeeze_ratio: float, expansion_ratio: float, norm_layer: Callable[..., nn.Module], activation_layer: Callable[..., nn.Module], head_dim: int, mlp_ratio: int, mlp_dropout: float, attention_dropout: float, partition_size: int, input_grid_size: tuple[int, int], n_layers: int, p_stochastic: list[float]) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MaxVit(nn.Module):
    stem: Incomplete
    partition_size: Incomplete
    blocks: Incomplete
    classifier: Incomplete
    def __init__(self, input_size: tuple[int, int], stem_channels: int, partition_size: int, block_channels: list[int], block_layers: list[int], head_dim: int, stochastic_depth_prob: float, norm_layer: Callable[..., nn.Module] | None = None, activation_layer: Callable[..., nn.Module] = ..., squeeze_ratio: float = 0.25, expansion_ratio: float = 4, mlp_ratio: int = 4, mlp_dropout: float = 0.0, attention_dropout: float = 0.0, num_classes: int = 1000) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class MaxVit_T_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def maxvit_t(*, weights: MaxVit_T_Weights | None = None, progress: bool = True, **kwargs: Any) -> MaxVit: ...
