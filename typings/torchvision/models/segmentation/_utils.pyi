from _typeshed import Incomplete
from torch import Tensor, nn

class _SimpleSegmentationModel(nn.Module):
    __constants__: Incomplete
    backbone: Incomplete
    classifier: Incomplete
    aux_classifier: Incomplete
    def __init__(self, backbone: nn.Module, classifier: nn.Module, aux_classifier: nn.Module | None = None) -> None: ...
    def forward(self, x: Tensor) -> dict[str, Tensor]: ...
