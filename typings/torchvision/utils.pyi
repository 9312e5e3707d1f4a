from torch import Tensor

_Color = str | tuple[int, int, int]

def make_grid(
    tensor: Tensor | list[Tensor],
    nrow: int = 8,
    padding: int = 2,
    normalize: bool = False,
    value_range: tuple[int, int] | None = None,
    scale_each: bool = False,
    pad_value: float = 0.0,
) -> Tensor: ...
def draw_bounding_boxes(
    image: Tensor,
    boxes: Tensor,
    labels: list[str] | None = None,
    colors: list[_Color] | _Color | None = None,
    fill: bool | None = False,
    width: int = 1,
    font: str | None = None,
    font_size: int | None = None,
    label_colors: list[_Color] | _Color | None = None,
    label_background_colors: list[_Color] | _Color | None = None,
    fill_labels: bool = False,
) -> Tensor: ...
