import torch
import torch.nn as nn
from ..ops.misc import MLP
from ._api import WeightsEnum
from _typeshed import Incomplete
from typing import Any, Callable, NamedTuple

__all__ = ['VisionTransformer', 'ViT_B_16_Weights', 'ViT_B_32_Weights', 'ViT_L_16_Weights', 'ViT_L_32_Weights', 'ViT_H_14_Weights', 'vit_b_16', 'vit_b_32', 'vit_l_16', 'vit_l_32', 'vit_h_14']

class ConvStemConfig(NamedTuple):
    out_channels: int
    kernel_size: int
    stride: int
    norm_layer: Callable[..., nn.Module]
    activation_layer: Callable[..., nn.Module]

class MLPBlock(MLP):
    def __init__(self, in_dim: int, mlp_dim: int, dropout: float) -> None: ...

class EncoderBlock(nn.Module):
    num_heads: Incomplete
    ln_1: Incomplete
    self_attention: Incomplete
    dropout: Incomplete
    ln_2: Incomplete
    mlp: Incomplete
    def __init__(self, num_heads: int, hidden_dim: int, mlp_dim: int, dropout: float, attention_dropout: float, norm_layer: Callable[..., torch.nn.Module] = ...) -> None: ...
    def forward(self, input: torch.Tensor): ...

class Encoder(nn.Module):
    pos_embedding: Incomplete
    dropout: Incomplete
    layers: Incomplete
    ln: Incomplete
    def __init__(self, seq_length: int, num_layers: int, num_heads: int, hidden_dim: int, mlp_dim: int, dropout: float, attention_dropout: float, norm_layer: Callable[..., torch.nn.Module] = ...) -> None: ...
    def forward(self, input: torch.Tensor): ...

class VisionTransformer(nn.Module):
    image_size: Incomplete
    patch_size: Incomplete
    hidden_dim: Incomplete
    mlp_dim: Incomplete
    attention_dropout: Incomplete
    dropout: Incomplete
    num_classes: Incomplete
    representation_size: Incomplete
    norm_layer: Incomplete
    conv_proj: nn.Module
    class_token: Incomplete
    encoder: Incomplete
    seq_length: Incomplete
    heads: Incomplete
    def __init__(self, image_size: int, patch_size: int, num_layers: int, num_heads: int, hidden_dim: int, mlp_dim: int, dropout: float = 0.0, attention_dropout: float = 0.0, num_classes: int = 1000, representation_size: int | None = None, norm_layer: Callable[..., torch.nn.Module] = ..., conv_stem_configs: list[ConvStemConfig] | None = None) -> None: ...
    def forward(self, x: torch.Tensor): ...

class ViT_B_16_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_SWAG_E2E_V1: Incomplete
    IMAGENET1K_SWAG_LINEAR_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ViT_B_32_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ViT_L_16_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    IMAGENET1K_SWAG_E2E_V1: Incomplete
    IMAGENET1K_SWAG_LINEAR_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ViT_L_32_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

class ViT_H_14_Weights(WeightsEnum):
    IMAGENET1K_SWAG_E2E_V1: Incomplete
    IMAGENET1K_SWAG_LINEAR_V1: Incomplete
    DEFAULT = IMAGENET1K_SWAG_E2E_V1

def vit_b_16(*, weights: ViT_B_16_Weights | None = None, progress: bool = True, **kwargs: Any) -> VisionTransformer: ...
def vit_b_32(*, weights: ViT_B_32_Weights | None = None, progress: bool = True, **kwargs: Any) -> VisionTransformer: ...
def vit_l_16(*, weights: ViT_L_16_Weights | None = None, progress: bool = True, **kwargs: Any) -> VisionTransformer: ...
def vit_l_32(*, weights: ViT_L_32_Weights | None = None, progress: bool = True, **kwargs: Any) -> VisionTransformer: ...
def vit_h_14(*, weights: ViT_H_14_Weights | None = None, progress: bool = True, **kwargs: Any) -> VisionTransformer: ...
