from _typeshed import Incomplete
from torch import Tensor, nn

def stochastic_depth(input: Tensor, p: float, mode: str, training: bool = True) -> Tensor: ...

class StochasticDepth(nn.Module):
    p: Incomplete
    mode: Incomplete
    def __init__(self, p: float, mode: str) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...
