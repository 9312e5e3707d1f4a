import torch.nn as nn
from .._api import WeightsEnum
from _typeshed import Incomplete
from torch import Tensor

__all__ = ['RAFT', 'raft_large', 'raft_small', 'Raft_Large_Weights', 'Raft_Small_Weights']

class ResidualBlock(nn.Module):
    convnormrelu1: Incomplete
    convnormrelu2: Incomplete
    downsample: nn.Module
    relu: Incomplete
    def __init__(self, in_channels, out_channels, *, norm_layer, stride: int = 1, always_project: bool = False) -> None: ...
    def forward(self, x): ...

class BottleneckBlock(nn.Module):
    convnormrelu1: Incomplete
    convnormrelu2: Incomplete
    convnormrelu3: Incomplete
    relu: Incomplete
    downsample: Incomplete
    def __init__(self, in_channels, out_channels, *, norm_layer, stride: int = 1) -> None: ...
    def forward(self, x): ...

class FeatureEncoder(nn.Module):
    convnormrelu: Incomplete
    layer1: Incomplete
    layer2: Incomplete
    layer3: Incomplete
    conv: Incomplete
    output_dim: Incomplete
    downsample_factor: Incomplete
    def __init__(self, *, block=..., layers=(64, 64, 96, 128, 256), strides=(2, 1, 2, 2), norm_layer=...) -> None: ...
    def forward(self, x): ...

class MotionEncoder(nn.Module):
    convcorr1: Incomplete
    convcorr2: Incomplete
    convflow1: Incomplete
    convflow2: Incomplete
    conv: Incomplete
    out_channels: Incomplete
    def __init__(self, *, in_channels_corr, corr_layers=(256, 192), flow_layers=(128, 64), out_channels: int = 128) -> None: ...
    def forward(self, flow, corr_features): ...

class ConvGRU(nn.Module):
    convz: Incomplete
    convr: Incomplete
    convq: Incomplete
    def __init__(self, *, input_size, hidden_size, kernel_size, padding) -> None: ...
    def forward(self, h, x): ...

class RecurrentBlock(nn.Module):
    convgru1: Incomplete
    convgru2: Incomplete
    hidden_size: Incomplete
    def __init__(self, *, input_size, hidden_size, kernel_size=((1, 5), (5, 1)), padding=((0, 2), (2, 0))) -> None: ...
    def forward(self, h, x): ...

class FlowHead(nn.Module):
    conv1: Incomplete
    conv2: Incomplete
    relu: Incomplete
    def __init__(self, *, in_channels, hidden_size) -> None: ...
    def forward(self, x): ...

class UpdateBlock(nn.Module):
    motion_encoder: Incomplete
    recurrent_block: Incomplete
    flow_head: Incomplete
    hidden_state_size: Incomplete
    def __init__(self, *, motion_encoder, recurrent_block, flow_head) -> None: ...
    def forward(self, hidden_state, context, corr_features, flow): ...

class MaskPredictor(nn.Module):
    convrelu: Incomplete
    conv: Incomplete
    multiplier: Incomplete
    def __init__(self, *, in_channels, hidden_size, multiplier: float = 0.25) -> None: ...
    def forward(self, x): ...

class CorrBlock(nn.Module):
    num_levels: Incomplete
    radius: Incomplete
    corr_pyramid: list[Tensor]
    out_channels: Incomplete
    def __init__(self, *, num_levels: int = 4, radius: int = 4) -> None: ...
    def build_pyramid(self, fmap1, fmap2) -> None: ...
    def index_pyramid(self, centroids_coords): ...

class RAFT(nn.Module):
    feature_encoder: Incomplete
    context_encoder: Incomplete
    corr_block: Incomplete
    update_block: Incomplete
    mask_predictor: Incomplete
    def __init__(self, *, feature_encoder, context_encoder, corr_block, update_block, mask_predictor=None) -> None: ...
    def forward(self, image1, image2, num_flow_updates: int = 12): ...

class Raft_Large_Weights(WeightsEnum):
    C_T_V1: Incomplete
    C_T_V2: Incomplete
    C_T_SKHT_V1: Incomplete
    C_T_SKHT_V2: Incomplete
    C_T_SKHT_K_V1: Incomplete
    C_T_SKHT_K_V2: Incomplete
    DEFAULT = C_T_SKHT_V2

class Raft_Small_Weights(WeightsEnum):
    C_T_V1: Incomplete
    C_T_V2: Incomplete
    DEFAULT = C_T_V2

def raft_large(*, weights: Raft_Large_Weights | None = None, progress: bool = True, **kwargs) -> RAFT: ...
def raft_small(*, weights: Raft_Small_Weights | None = None, progress: bool = True, **kwargs) -> RAFT: ...
