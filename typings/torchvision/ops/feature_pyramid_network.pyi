from collections.abc import Callable

from torch import nn

class ExtraFPNBlock(nn.Module): ...

class FeaturePyramidNetwork(nn.Module):
    inner_blocks: nn.ModuleList
    extra_blocks: ExtraFPNBlock | None
    def __init__(
        self,
        in_channels_list: list[int],
        out_channels: int,
        extra_blocks: ExtraFPNBlock | None = None,
        norm_layer: Callable[..., nn.Module] | None = None,
    ) -> None: ...

class LastLevelMaxPool(ExtraFPNBlock): ...

class LastLevelP6P7(ExtraFPNBlock):
    use_P5: bool
    def __init__(self, in_channels: int, out_channels: int) -> None: ...
