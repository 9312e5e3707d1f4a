# Names torchvision defines in private modules (_container, _geometry, _color, _misc,
# _type_conversion, _transform) are stubbed here, where torchvision exports them.
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn
from torchvision.transforms.functional import InterpolationMode as InterpolationMode
from torchvision.transforms.v2 import functional as functional

# A fill value, or one per input type (torchvision.transforms.v2._utils._FillType(Dict)).
_Fill = int | float | Sequence[int] | Sequence[float] | None

class Transform(nn.Module):
    def __init__(self) -> None: ...
    def make_params(self, flat_inputs: list[Any]) -> dict[str, Any]: ...
    def transform(self, inpt: Any, params: dict[str, Any]) -> Any: ...
    def forward(self, *inputs: Any) -> Any: ...

class Compose(Transform):
    def __init__(self, transforms: Sequence[Callable[..., Any]]) -> None: ...

class RandomHorizontalFlip(Transform):
    def __init__(self, p: float = 0.5) -> None: ...

class RandomVerticalFlip(Transform):
    def __init__(self, p: float = 0.5) -> None: ...

class RandomCrop(Transform):
    def __init__(
        self,
        size: int | Sequence[int],
        padding: int | Sequence[int] | None = None,
        pad_if_needed: bool = False,
        fill: _Fill | dict[type | str, _Fill] = 0,
        padding_mode: str = "constant",
    ) -> None: ...

class RandomResizedCrop(Transform):
    def __init__(
        self,
        size: int | Sequence[int],
        scale: tuple[float, float] = (0.08, 1.0),
        ratio: tuple[float, float] = ...,
        interpolation: str | InterpolationMode | int = ...,
        antialias: bool | None = True,
    ) -> None: ...

class ColorJitter(Transform):
    def __init__(
        self,
        brightness: float | Sequence[float] | None = None,
        contrast: float | Sequence[float] | None = None,
        saturation: float | Sequence[float] | None = None,
        hue: float | Sequence[float] | None = None,
    ) -> None: ...

class RandomZoomOut(Transform):
    def __init__(
        self,
        fill: _Fill | dict[type | str, _Fill] = 0,
        side_range: Sequence[float] = (1.0, 4.0),
        p: float = 0.5,
    ) -> None: ...

class RandomIoUCrop(Transform):
    def __init__(
        self,
        min_scale: float = 0.3,
        max_scale: float = 1.0,
        min_aspect_ratio: float = 0.5,
        max_aspect_ratio: float = 2.0,
        sampler_options: list[float] | None = None,
        trials: int = 40,
    ) -> None: ...

class ScaleJitter(Transform):
    def __init__(
        self,
        target_size: tuple[int, int],
        scale_range: tuple[float, float] = (0.1, 2.0),
        interpolation: str | InterpolationMode | int = ...,
        antialias: bool | None = True,
    ) -> None: ...

class Resize(Transform):
    def __init__(
        self,
        size: int | Sequence[int] | None,
        interpolation: str | InterpolationMode | int = ...,
        max_size: int | None = None,
        antialias: bool | None = True,
    ) -> None: ...

class RandomPhotometricDistort(Transform):
    def __init__(
        self,
        brightness: tuple[float, float] = (0.875, 1.125),
        contrast: tuple[float, float] = (0.5, 1.5),
        saturation: tuple[float, float] = (0.5, 1.5),
        hue: tuple[float, float] = (-0.05, 0.05),
        p: float = 0.5,
    ) -> None: ...

class SanitizeBoundingBoxes(Transform):
    def __init__(
        self,
        min_size: float = 1.0,
        min_area: float = 1.0,
        labels_getter: Callable[[Any], Any] | str | None = "default",
    ) -> None: ...

class ToDtype(Transform):
    def __init__(
        self, dtype: torch.dtype | dict[type | str, torch.dtype | None], scale: bool = False
    ) -> None: ...

class ToImage(Transform): ...

class RandomApply(Transform):
    def __init__(self, transforms: Sequence[Callable[..., Any]] | nn.ModuleList, p: float = 0.5) -> None: ...

class RandomGrayscale(Transform):
    def __init__(self, p: float = 0.1) -> None: ...
