"""compare_detections pairs detections order-free and within the tolerances."""

import pytest
import torch

from plugtrain.errors import ArgumentError
from plugtrain.export import compare_detections
from plugtrain.structures import Detections


def _detections(rows: list[tuple[float, int, list[float]]]) -> Detections:
    return Detections(
        boxes=torch.tensor([r[2] for r in rows], dtype=torch.float32).reshape(-1, 4),
        scores=torch.tensor([r[0] for r in rows], dtype=torch.float32),
        labels=torch.tensor([r[1] for r in rows], dtype=torch.int64),
    )


ROWS = [
    (0.9, 0, [0.0, 0.0, 10.0, 10.0]),
    (0.5, 1, [5.0, 5.0, 20.0, 20.0]),
    (0.5, 1, [30.0, 30.0, 40.0, 40.0]),
]


def test_identical_and_reordered_ties_pass() -> None:
    eager = _detections(ROWS)
    swapped = _detections([ROWS[0], ROWS[2], ROWS[1]])
    report = compare_detections([eager], [swapped], max_detections=100)
    assert report.passed
    assert report.label_agreement == 1.0
    assert report.max_box_diff_px == 0.0


def test_a_box_off_by_a_hundredth_of_a_pixel_fails_with_its_size() -> None:
    moved = [ROWS[0], ROWS[1], (0.5, 1, [30.0, 30.0, 40.01, 40.0])]
    report = compare_detections([_detections(ROWS)], [_detections(moved)], max_detections=100)
    assert not report.passed
    assert abs(report.max_box_diff_px - 0.01) < 1e-4
    assert report.label_agreement == 1.0


def test_another_label_fails_and_lowers_label_agreement() -> None:
    relabelled = [ROWS[0], ROWS[1], (0.5, 2, [30.0, 30.0, 40.0, 40.0])]
    report = compare_detections([_detections(ROWS)], [_detections(relabelled)], max_detections=100)
    assert not report.passed
    assert report.label_agreement == 2 / 3


def test_a_score_difference_above_1e_4_fails() -> None:
    scored = [(0.9002, 0, [0.0, 0.0, 10.0, 10.0]), ROWS[1], ROWS[2]]
    report = compare_detections([_detections(ROWS)], [_detections(scored)], max_detections=100)
    assert not report.passed


def test_a_near_tie_on_either_side_of_a_full_cut_is_forgiven() -> None:
    kept = [ROWS[0], ROWS[1], (0.300001, 1, [30.0, 30.0, 40.0, 40.0])]
    other = [ROWS[0], ROWS[1], (0.300002, 0, [50.0, 50.0, 60.0, 60.0])]
    at_cut = compare_detections([_detections(kept)], [_detections(other)], max_detections=3)
    assert at_cut.passed
    not_full = compare_detections([_detections(kept)], [_detections(other)], max_detections=4)
    assert not not_full.passed


def test_no_detections_on_both_sides_pass() -> None:
    report = compare_detections([_detections([])], [_detections([])], max_detections=10)
    assert report.passed
    assert report.label_agreement == 1.0


def test_a_different_number_of_images_is_an_argument_error() -> None:
    eager = _detections(ROWS)
    with pytest.raises(ArgumentError, match=r"received '1 results', expected one result per"):
        compare_detections([eager, eager], [eager], max_detections=100)
