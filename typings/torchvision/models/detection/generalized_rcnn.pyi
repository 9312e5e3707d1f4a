import torch
from _typeshed import Incomplete
from torch import nn

class GeneralizedRCNN(nn.Module):
    transform: Incomplete
    backbone: Incomplete
    rpn: Incomplete
    roi_heads: Incomplete
    def __init__(self, backbone: nn.Module, rpn: nn.Module, roi_heads: nn.Module, transform: nn.Module) -> None: ...
    @torch.jit.unused
    def eager_outputs(self, losses: dict[str, torch.Tensor], detections: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor] | list[dict[str, torch.Tensor]]: ...
    def forward(self, images: list[torch.Tensor], targets: list[dict[str, torch.Tensor]] | None = None) -> tuple[dict[str, torch.Tensor], list[dict[str, torch.Tensor]]]: ...
