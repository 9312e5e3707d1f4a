from _typeshed import Incomplete
from torchvision.transforms.v2 import Transform as Transform
from typing import Any

class UniformTemporalSubsample(Transform):
    num_samples: Incomplete
    def __init__(self, num_samples: int) -> None: ...
    def transform(self, inpt: Any, params: dict[str, Any]) -> Any: ...
