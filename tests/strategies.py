"""Hypothesis strategies shared by the property tests."""

import torch
from hypothesis import strategies as st

from plugtrain.data import Sample

__all__ = ["boxes_xyxy", "detection_samples", "image_sizes"]


@st.composite
def image_sizes(draw: st.DrawFn, *, low: int = 8, high: int = 96) -> tuple[int, int]:
    """(height, width) of an image in pixels."""
    return (draw(st.integers(low, high)), draw(st.integers(low, high)))


@st.composite
def boxes_xyxy(draw: st.DrawFn, *, image_size: tuple[int, int], max_boxes: int = 8) -> torch.Tensor:
    """Valid (num, 4) xyxy boxes with positive width and height inside the image."""
    height, width = image_size
    count = draw(st.integers(0, max_boxes))
    rows: list[list[float]] = []
    for _ in range(count):
        x1 = draw(st.integers(0, width - 2))
        y1 = draw(st.integers(0, height - 2))
        x2 = draw(st.integers(x1 + 1, width))
        y2 = draw(st.integers(y1 + 1, height))
        rows.append([float(x1), float(y1), float(x2), float(y2)])
    return torch.tensor(rows, dtype=torch.float32).reshape(count, 4)


@st.composite
def detection_samples(
    draw: st.DrawFn, *, num_classes: int = 3, low: int = 8, high: int = 48
) -> Sample:
    """A data Sample: a random float image in [0, 1] with valid boxes and labels."""
    size = draw(image_sizes(low=low, high=high))
    boxes = draw(boxes_xyxy(image_size=size))
    labels = [draw(st.integers(0, num_classes - 1)) for _ in range(boxes.shape[0])]
    generator = torch.Generator().manual_seed(draw(st.integers(0, 2**31 - 1)))
    return Sample.of(
        torch.rand(3, *size, generator=generator),
        boxes,
        torch.tensor(labels, dtype=torch.int64),
        num_classes=num_classes,
        image_id=draw(st.integers(1, 10**6)),
    )
