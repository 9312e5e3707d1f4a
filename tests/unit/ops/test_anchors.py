"""AnchorGrid: torchvision's AnchorGenerator, made once per layout."""

import torch
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList

from plugtrain.ops import AnchorGrid

CPU = torch.device("cpu")
SIZES = ((32, 40), (64, 80), (128, 160))
RATIOS = ((0.5, 1.0, 2.0),) * 3


def test_equals_anchor_generator_even_when_strides_do_not_divide() -> None:
    grid = AnchorGrid(sizes=SIZES, aspect_ratios=RATIOS)
    grid_sizes = [(20, 25), (10, 13), (5, 7)]  # 160 x 200 padded input, uneven last level
    anchors = grid(grid_sizes=grid_sizes, image_size=(160, 200), dtype=torch.float32, device=CPU)
    images = ImageList(torch.zeros(2, 3, 160, 200), [(160, 200), (150, 190)])
    features = [torch.zeros(2, 8, h, w) for h, w in grid_sizes]
    expected = AnchorGenerator(SIZES, RATIOS)(images, features)
    assert torch.equal(anchors.boxes, expected[0])
    assert anchors.per_level == tuple(h * w * 6 for h, w in grid_sizes)
    assert [len(level) for level in anchors.levels()] == list(anchors.per_level)
    assert grid.anchors_per_location == (6, 6, 6)


def test_anchors_are_cached_per_layout() -> None:
    grid = AnchorGrid(sizes=((8,), (16,)), aspect_ratios=((1.0,), (1.0,)))
    first = grid(grid_sizes=[(4, 4), (2, 2)], image_size=(32, 32), dtype=torch.float32, device=CPU)
    again = grid(grid_sizes=[(4, 4), (2, 2)], image_size=(32, 32), dtype=torch.float32, device=CPU)
    other = grid(grid_sizes=[(8, 4), (4, 2)], image_size=(64, 32), dtype=torch.float32, device=CPU)
    assert first is again
    assert other is not first
    assert other.boxes.shape == (40, 4)
    as_double = grid(
        grid_sizes=[(4, 4), (2, 2)], image_size=(32, 32), dtype=torch.float64, device=CPU
    )
    assert as_double.boxes.dtype == torch.float64
    assert repr(grid) == "AnchorGrid(sizes=((8,), (16,)), aspect_ratios=(1.0,))"
