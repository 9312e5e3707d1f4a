"""TargetBatch pads per-image targets for batched assignment."""

import pytest
import torch

from plugtrain.errors import DataError
from plugtrain.ops import TargetBatch
from plugtrain.structures import Targets
from tests.detection_helpers import floats, ints


def _targets(boxes: list[list[float]], labels: list[int]) -> Targets:
    return Targets(
        boxes=torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4),
        labels=torch.tensor(labels, dtype=torch.int64),
        image_size=(100, 100),
        num_classes=5,
    )


def test_pads_to_the_most_boxes_and_marks_padding_invalid() -> None:
    batch = TargetBatch.of(
        [
            _targets([[1, 2, 3, 4], [5, 6, 7, 8]], [1, 4]),
            _targets([], []),
            _targets([[0, 0, 9, 9]], [2]),
        ]
    )
    assert batch.boxes.shape == (3, 2, 4)
    assert batch.max_boxes == 2
    assert ints(batch.valid) == [1, 1, 0, 0, 1, 0]
    assert ints(batch.labels) == [1, 4, 0, 0, 2, 0]
    assert floats(batch.boxes[2, 1]) == [0.0, 0.0, 0.0, 0.0]


def test_box_scale_resizes_boxes_per_image() -> None:
    batch = TargetBatch.of(
        [_targets([[10, 10, 20, 20]], [0]), _targets([[10, 10, 20, 20]], [0])],
        box_scale=torch.tensor([[1.0, 1.0, 1.0, 1.0], [2.0, 0.5, 2.0, 0.5]]),
        dtype=torch.float64,
    )
    assert batch.boxes.dtype == torch.float64
    assert floats(batch.boxes[1, 0]) == [20.0, 5.0, 40.0, 10.0]


def test_all_images_empty() -> None:
    batch = TargetBatch.of([_targets([], []), _targets([], [])])
    assert batch.boxes.shape == (2, 0, 4)
    assert batch.max_boxes == 0


def test_no_images_is_a_data_error() -> None:
    with pytest.raises(DataError, match="at least one image"):
        TargetBatch.of([])


def test_assign_gathers_the_matched_boxes_for_every_image() -> None:
    batch = TargetBatch.of(
        [_targets([[1, 2, 3, 4], [5, 6, 7, 8]], [1, 4]), _targets([[0, 0, 9, 9]], [2])]
    )
    matched = torch.tensor([[1, -1, 0, -2], [-2, 0, -1, 0]])
    assigned = batch.assign(matched)
    assert ints(assigned.labels) == [4, -1, 1, -1, -1, 2, -1, 2]
    assert ints(assigned.foreground) == [1, 0, 1, 0, 0, 1, 0, 1]
    assert ints(assigned.ignored) == [0, 0, 0, 1, 1, 0, 0, 0]  # BETWEEN_THRESHOLDS is -2
    assert floats(assigned.boxes[0, 0]) == [5, 6, 7, 8]
    assert floats(assigned.boxes[1, 3]) == [0, 0, 9, 9]


def test_assign_without_any_box_is_all_background() -> None:
    batch = TargetBatch.of([_targets([], []), _targets([], [])])
    assigned = batch.assign(torch.full((2, 3), -1))
    assert ints(assigned.labels) == [-1] * 6
    assert not assigned.foreground.any()
    assert assigned.boxes.shape == (2, 3, 4)
