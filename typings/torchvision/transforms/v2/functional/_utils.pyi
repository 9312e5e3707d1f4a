from torchvision import tv_tensors as tv_tensors
from collections.abc import Sequence
from typing import Any, TypeAlias

_FillType: TypeAlias = int | float | Sequence[int] | Sequence[float] | None
_FillTypeJIT: TypeAlias = list[float] | None

def is_pure_tensor(inpt: Any) -> bool: ...
def register_kernel(functional, tv_tensor_cls): ...
