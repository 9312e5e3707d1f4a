from ._utils import check_type as check_type, is_pure_tensor as is_pure_tensor
from _typeshed import Incomplete
from torch.utils._pytree import TreeSpec as TreeSpec
from torchvision import tv_tensors as tv_tensors
from torchvision.transforms.v2 import AutoAugmentPolicy as AutoAugmentPolicy, InterpolationMode as InterpolationMode, Transform as Transform
from torchvision.transforms.v2.functional._meta import get_size as get_size
from torchvision.transforms.v2.functional._utils import _FillType
from typing import Any

ImageOrVideo: Incomplete

class _AutoAugmentBase(Transform):
    interpolation: Incomplete
    fill: Incomplete
    def __init__(self, *, interpolation: str | InterpolationMode | int = 'nearest', fill: _FillType | dict[type | str, _FillType] = None) -> None: ...

class AutoAugment(_AutoAugmentBase):
    policy: Incomplete
    def __init__(self, policy: AutoAugmentPolicy = ..., interpolation: str | InterpolationMode | int = 'nearest', fill: _FillType | dict[type | str, _FillType] = None) -> None: ...
    def forward(self, *inputs: Any) -> Any: ...

class RandAugment(_AutoAugmentBase):
    num_ops: Incomplete
    magnitude: Incomplete
    num_magnitude_bins: Incomplete
    def __init__(self, num_ops: int = 2, magnitude: int = 9, num_magnitude_bins: int = 31, interpolation: str | InterpolationMode | int = 'nearest', fill: _FillType | dict[type | str, _FillType] = None) -> None: ...
    def forward(self, *inputs: Any) -> Any: ...

class TrivialAugmentWide(_AutoAugmentBase):
    num_magnitude_bins: Incomplete
    def __init__(self, num_magnitude_bins: int = 31, interpolation: str | InterpolationMode | int = 'nearest', fill: _FillType | dict[type | str, _FillType] = None) -> None: ...
    def forward(self, *inputs: Any) -> Any: ...

class AugMix(_AutoAugmentBase):
    severity: Incomplete
    mixture_width: Incomplete
    chain_depth: Incomplete
    alpha: Incomplete
    all_ops: Incomplete
    def __init__(self, severity: int = 3, mixture_width: int = 3, chain_depth: int = -1, alpha: float = 1.0, all_ops: bool = True, interpolation: str | InterpolationMode | int = 'bilinear', fill: _FillType | dict[type | str, _FillType] = None) -> None: ...
    def forward(self, *inputs: Any) -> Any: ...
