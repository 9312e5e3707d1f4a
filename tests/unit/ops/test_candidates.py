"""top_candidates and clip_to_images equal torchvision's per-image steps."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torchvision.ops import clip_boxes_to_image

from plugtrain.errors import ShapeError
from plugtrain.ops import Candidates, clip_to_images, top_candidates
from tests.detection_helpers import ints


def _torchvision_selection(row: torch.Tensor, threshold: float, k: int) -> set[int]:
    # FCOS/RetinaNet.postprocess_detections: threshold, then topk of the survivors.
    keep = row > threshold
    scores = row[keep]
    positions = torch.where(keep)[0]
    _, order = scores.topk(min(k, scores.numel()))
    return {int(p) for p in positions[order]}


@given(
    rows=st.integers(1, 3),
    width=st.integers(1, 60),
    k=st.integers(1, 20),
    threshold=st.sampled_from([0.0, 0.3, 0.9]),
    seed=st.integers(0, 1000),
)
def test_top_candidates_selects_what_torchvision_selects(
    rows: int, width: int, k: int, threshold: float, seed: int
) -> None:
    scores = torch.rand((rows, width), generator=torch.Generator().manual_seed(seed))
    image, position = top_candidates(scores, threshold=threshold, k=k)
    for row in range(rows):
        chosen = {int(p) for p in position[image == row]}
        assert chosen == _torchvision_selection(scores[row], threshold, k)
    # grouped by image
    assert torch.equal(image, image.sort().values)


def test_top_candidates_with_no_survivors_is_empty() -> None:
    image, position = top_candidates(torch.zeros((2, 5)), threshold=0.5, k=3)
    assert image.numel() == 0
    assert position.numel() == 0


def test_clip_to_images_equals_clip_boxes_to_image_per_image() -> None:
    boxes = torch.tensor(
        [[-5.0, -1.0, 50.0, 70.0], [10.0, 10.0, 200.0, 20.0], [1.0, 2.0, 3.0, 4.0]]
    )
    images = torch.tensor([0, 1, 1])
    sizes = torch.tensor([[60, 40], [30, 100]])  # (height, width)
    clipped = clip_to_images(boxes, images, sizes)
    for row, image in enumerate(ints(images)):
        height, width = ints(sizes[image])
        expected = clip_boxes_to_image(boxes[row : row + 1], (height, width))
        assert torch.equal(clipped[row : row + 1], expected)


def test_candidates_reject_mismatched_lengths() -> None:
    with pytest.raises(ShapeError, match="scores"):
        Candidates(
            boxes=torch.zeros((3, 4)),
            scores=torch.zeros(2),
            labels=torch.zeros(3, dtype=torch.int64),
            images=torch.zeros(3, dtype=torch.int64),
        )


def test_empty_candidates() -> None:
    empty = Candidates.empty(dtype=torch.float64, device=torch.device("cpu"))
    assert len(empty) == 0
    assert empty.boxes.dtype == torch.float64
    assert ints(empty.images) == []
