# Names torchvision defines in private modules (_color, _geometry, _meta, _misc) are
# stubbed here, where torchvision exports them.
import torch
from torch import Tensor
from torchvision.transforms.functional import InterpolationMode
from torchvision.tv_tensors import BoundingBoxFormat

# _color
def adjust_brightness(inpt: Tensor, brightness_factor: float) -> Tensor: ...
def adjust_contrast(inpt: Tensor, contrast_factor: float) -> Tensor: ...
def adjust_hue(inpt: Tensor, hue_factor: float) -> Tensor: ...
def adjust_saturation(inpt: Tensor, saturation_factor: float) -> Tensor: ...

# _geometry
def crop_image(image: Tensor, top: int, left: int, height: int, width: int) -> Tensor: ...
def crop_bounding_boxes(
    bounding_boxes: Tensor,
    format: BoundingBoxFormat,
    top: int,
    left: int,
    height: int,
    width: int,
    clamping_mode: str | None = "soft",
) -> tuple[Tensor, tuple[int, int]]: ...
def horizontal_flip_image(image: Tensor) -> Tensor: ...
def horizontal_flip_bounding_boxes(
    bounding_boxes: Tensor, format: BoundingBoxFormat, canvas_size: tuple[int, int]
) -> Tensor: ...
def pad_image(
    image: Tensor,
    padding: list[int],
    fill: int | float | list[float] | None = None,
    padding_mode: str = "constant",
) -> Tensor: ...
def resize_image(
    image: Tensor,
    size: list[int] | None,
    interpolation: str | InterpolationMode | int = ...,
    max_size: int | None = None,
    antialias: bool | None = True,
) -> Tensor: ...
def resize_bounding_boxes(
    bounding_boxes: Tensor,
    canvas_size: tuple[int, int],
    size: list[int] | None,
    max_size: int | None = None,
    format: BoundingBoxFormat = ...,
    clamping_mode: str | None = "soft",
) -> tuple[Tensor, tuple[int, int]]: ...

# _meta
def clamp_bounding_boxes(
    inpt: Tensor,
    format: BoundingBoxFormat | None = None,
    canvas_size: tuple[int, int] | None = None,
    clamping_mode: str | None = "auto",
) -> Tensor: ...
def convert_bounding_box_format(
    inpt: Tensor,
    old_format: BoundingBoxFormat | None = None,
    new_format: BoundingBoxFormat | None = None,
    inplace: bool = False,
) -> Tensor: ...

# _misc
def sanitize_bounding_boxes(
    bounding_boxes: Tensor,
    format: BoundingBoxFormat | None = None,
    canvas_size: tuple[int, int] | None = None,
    min_size: float = 1.0,
    min_area: float = 1.0,
) -> tuple[Tensor, Tensor]: ...
def to_dtype(inpt: Tensor, dtype: torch.dtype = ..., scale: bool = False) -> Tensor: ...
def to_dtype_image(image: Tensor, dtype: torch.dtype = ..., scale: bool = False) -> Tensor: ...
