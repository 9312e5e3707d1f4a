import torch
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Self

class TVTensor(torch.Tensor):
    @classmethod
    def wrap(cls, tensor: torch.Tensor, like: Self, **kwargs: Any) -> Self: ...
    @classmethod
    def __torch_function__(cls, func: Callable[..., torch.Tensor], types: tuple[type[torch.Tensor], ...], args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None) -> torch.Tensor: ...
    def __deepcopy__(self, memo: dict[int, Any]) -> Self: ...
