"""Targets: ground truth of one image, validated when it is built."""

from dataclasses import dataclass

import torch
from jaxtyping import Float, Int64
from torch import Tensor

from plugtrain._tensors import float_list, nonzero_indices
from plugtrain.errors import DataError
from plugtrain.typing import checked_dataclass

__all__ = ["Targets"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class Targets:
    """Ground-truth boxes and labels of one image.

    ``boxes``: (num, 4) xyxy in absolute pixels of the image as the model sees it;
    ``labels``: (num,) 0-based foreground ids in ``[0, num_classes)``; ``image_size``:
    (height, width) in pixels; ``image_id`` names the image in error messages.
    Boxes may extend past the image border by ``tolerance`` pixels (rounding in
    annotation tools). An image with no objects has ``num = 0``.
    """

    boxes: Float[Tensor, "num 4"]
    labels: Int64[Tensor, " num"]
    image_size: tuple[int, int]
    num_classes: int
    image_id: int | str | None = None
    tolerance: float = 1.0

    def __post_init__(self) -> None:
        problems = _box_problems(self.boxes, self.image_size, self.tolerance)
        bad_labels = (self.labels < 0) | (self.labels >= self.num_classes)
        for index in nonzero_indices(bad_labels):
            problems.append(
                (index, f"label {int(self.labels[index])} is outside [0, {self.num_classes})")
            )
        if problems:
            index, problem = min(problems, key=lambda found: found[0])
            box = [round(v, 2) for v in float_list(self.boxes[index])]
            others = f" (and {len(problems) - 1} more in this image)" if len(problems) > 1 else ""
            raise DataError(
                f"image {self.image_id!r}, box {index} {box}: {problem}{others}. Expected boxes "
                f"as (x1, y1, x2, y2) absolute pixels with x2 > x1, y2 > y1, inside the "
                f"{self.image_size[1]}x{self.image_size[0]} (width x height) image, and labels "
                f"in [0, {self.num_classes}); convert xywh or normalised boxes first and map "
                f"category ids to 0-based labels",
                record_id=self.image_id,
            )

    def __len__(self) -> int:
        return int(self.boxes.shape[0])


def _box_problems(
    boxes: Tensor, image_size: tuple[int, int], tolerance: float
) -> list[tuple[int, str]]:
    """(box index, what is wrong) for every invalid box; vectorised, one pass."""
    if boxes.shape[0] == 0:
        return []
    height, width = image_size
    x1, y1, x2, y2 = boxes.unbind(dim=1)
    checks = (
        (~torch.isfinite(boxes).all(dim=1), "coordinates are not finite"),
        (x2 <= x1, "x2 <= x1 (is it xywh, or are x1 and x2 swapped?)"),
        (y2 <= y1, "y2 <= y1 (is it xywh, or are y1 and y2 swapped?)"),
        (
            (x1 < -tolerance)
            | (y1 < -tolerance)
            | (x2 > width + tolerance)
            | (y2 > height + tolerance),
            "box lies outside the image",
        ),
    )
    problems: list[tuple[int, str]] = []
    reported: set[int] = set()
    for mask, message in checks:
        for index in nonzero_indices(mask):
            if index not in reported:
                reported.add(index)
                problems.append((index, message))
    return problems
