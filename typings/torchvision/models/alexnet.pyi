import torch
import torch.nn as nn
from ._api import WeightsEnum
from _typeshed import Incomplete
from typing import Any

__all__ = ['AlexNet', 'AlexNet_Weights', 'alexnet']

class AlexNet(nn.Module):
    features: Incomplete
    avgpool: Incomplete
    classifier: Incomplete
    def __init__(self, num_classes: int = 1000, dropout: float = 0.5) -> None: ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

class AlexNet_Weights(WeightsEnum):
    IMAGENET1K_V1: Incomplete
    DEFAULT = IMAGENET1K_V1

def alexnet(*, weights: AlexNet_Weights | None = None, progress: bool = True, **kwargs: Any) -> AlexNet: ...
