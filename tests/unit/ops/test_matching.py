"""Batched target assignment equals torchvision's image-by-image assignment."""

from types import SimpleNamespace
from typing import cast

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import Tensor
from torchvision.models.detection import FCOS
from torchvision.models.detection._utils import Matcher
from torchvision.ops import box_iou

from plugtrain.ops import (
    BELOW_LOW_THRESHOLD,
    BETWEEN_THRESHOLDS,
    AnchorGrid,
    AnchorSet,
    TargetBatch,
    iou_matrix,
    match_by_iou,
    match_fcos,
)
from plugtrain.structures import Targets
from tests.detection_helpers import ints
from tests.strategies import boxes_xyxy

IMAGE = (64, 64)
CPU = torch.device("cpu")


def _anchors(sizes: tuple[tuple[int, ...], ...], ratios: tuple[float, ...]) -> AnchorSet:
    grid = AnchorGrid(sizes=sizes, aspect_ratios=[ratios] * len(sizes))
    return grid(
        grid_sizes=[(8, 8), (4, 4), (2, 2)], image_size=IMAGE, dtype=torch.float32, device=CPU
    )


RETINA_ANCHORS = _anchors(((16, 20), (32, 40), (64, 80)), (0.5, 1.0, 2.0))
FCOS_ANCHORS = _anchors(((8,), (16,), (32,)), (1.0,))


def _batch(boxes: list[Tensor]) -> TargetBatch:
    return TargetBatch.of(
        [
            Targets(
                boxes=b,
                labels=torch.zeros(len(b), dtype=torch.int64),
                image_size=IMAGE,
                num_classes=1,
            )
            for b in boxes
        ]
    )


batches = st.lists(boxes_xyxy(image_size=IMAGE, max_boxes=6), min_size=1, max_size=3)


@given(boxes=batches, allow_low=st.booleans())
def test_match_by_iou_equals_torchvision_matcher_per_image(
    boxes: list[Tensor], allow_low: bool
) -> None:
    anchors = RETINA_ANCHORS.boxes
    batch = _batch(boxes)
    matched = match_by_iou(
        iou_matrix(batch.boxes, anchors),
        batch.valid,
        high_threshold=0.5,
        low_threshold=0.4,
        allow_low_quality_matches=allow_low,
    )
    matcher = Matcher(0.5, 0.4, allow_low_quality_matches=allow_low)
    for index, image_boxes in enumerate(boxes):
        expected = (
            torch.full((len(anchors),), -1, dtype=torch.int64)
            if len(image_boxes) == 0
            else matcher(box_iou(image_boxes, anchors))
        )
        assert torch.equal(matched[index], expected)


def _torchvision_fcos_matches(boxes: list[Tensor], anchors: AnchorSet) -> list[Tensor]:
    # FCOS.compute_loss assigns targets image by image, then hands matched_idxs to the head.
    def hand_back(
        _targets: object, _outputs: object, _anchors: object, matched: list[Tensor]
    ) -> list[Tensor]:
        return matched

    fake = SimpleNamespace(center_sampling_radius=1.5, head=SimpleNamespace(compute_loss=hand_back))
    result = FCOS.compute_loss(
        cast(FCOS, fake),
        [{"boxes": b, "labels": torch.zeros(len(b), dtype=torch.int64)} for b in boxes],
        {},
        [anchors.boxes] * len(boxes),
        list(anchors.per_level),
    )
    return cast(list[Tensor], result)


@given(boxes=batches)
def test_match_fcos_equals_torchvision_per_image(boxes: list[Tensor]) -> None:
    batch = _batch(boxes)
    matched = match_fcos(
        FCOS_ANCHORS.boxes,
        batch.boxes,
        batch.valid,
        first_level_anchors=FCOS_ANCHORS.per_level[0],
        last_level_anchors=FCOS_ANCHORS.per_level[-1],
        center_sampling_radius=1.5,
    )
    for index, expected in enumerate(_torchvision_fcos_matches(boxes, FCOS_ANCHORS)):
        assert torch.equal(matched[index], expected)


def test_fcos_assigns_points_inside_a_box_and_leaves_the_rest_background() -> None:
    boxes = torch.tensor([[0.0, 0.0, 40.0, 40.0]])
    batch = _batch([boxes, torch.zeros((0, 4))])
    matched = match_fcos(
        FCOS_ANCHORS.boxes,
        batch.boxes,
        batch.valid,
        first_level_anchors=FCOS_ANCHORS.per_level[0],
        last_level_anchors=FCOS_ANCHORS.per_level[-1],
        center_sampling_radius=1.5,
    )
    assert (matched[0] == 0).any()
    centers = (FCOS_ANCHORS.boxes[:, :2] + FCOS_ANCHORS.boxes[:, 2:]) / 2
    assert (centers[matched[0] == 0] < 40).all()
    assert (matched[1] == BELOW_LOW_THRESHOLD).all()


def test_match_by_iou_marks_ignored_anchors_between_thresholds() -> None:
    anchors = torch.tensor(
        [[0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 22.0], [50.0, 50.0, 60.0, 60.0]]
    )
    boxes = torch.tensor([[[0.0, 0.0, 10.0, 10.0]]])
    matched = match_by_iou(
        iou_matrix(boxes, anchors),
        torch.ones((1, 1), dtype=torch.bool),
        high_threshold=0.5,
        low_threshold=0.4,
        allow_low_quality_matches=False,
    )
    # IoUs: 1.0 (match), 10/22 ~ 0.45 (ignored), 0 (background)
    assert ints(matched) == [0, BETWEEN_THRESHOLDS, BELOW_LOW_THRESHOLD]


@pytest.mark.parametrize("matcher", ["iou", "fcos"])
def test_no_boxes_anywhere_is_all_background(matcher: str) -> None:
    batch = _batch([torch.zeros((0, 4)), torch.zeros((0, 4))])
    assert batch.max_boxes == 0
    if matcher == "iou":
        matched = match_by_iou(
            iou_matrix(batch.boxes, RETINA_ANCHORS.boxes),
            batch.valid,
            high_threshold=0.5,
            low_threshold=0.4,
            allow_low_quality_matches=True,
        )
    else:
        matched = match_fcos(
            FCOS_ANCHORS.boxes,
            batch.boxes,
            batch.valid,
            first_level_anchors=FCOS_ANCHORS.per_level[0],
            last_level_anchors=FCOS_ANCHORS.per_level[-1],
            center_sampling_radius=1.5,
        )
    assert (matched == BELOW_LOW_THRESHOLD).all()
    assert matched.shape[0] == 2
