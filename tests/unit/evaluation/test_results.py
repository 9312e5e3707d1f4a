"""COCO results JSON: conversion, category ids, round trip, and bad files."""

import json
from pathlib import Path

import pytest
import torch

from plugtrain._tensors import float_list
from plugtrain.data import CategoryMap
from plugtrain.errors import DataError
from plugtrain.evaluation import (
    CocoEvaluator,
    CocoResult,
    coco_results,
    consecutive_label_map,
    read_coco_results,
    write_coco_results,
)
from plugtrain.structures import Detections


def _detections() -> list[Detections]:
    return [
        Detections(
            boxes=torch.tensor([[10.0, 20.0, 40.5, 60.25], [0.0, 0.0, 5.0, 5.0]]),
            scores=torch.tensor([0.9, 0.25]),
            labels=torch.tensor([1, 0]),
        ),
        Detections(
            boxes=torch.zeros(0, 4), scores=torch.zeros(0), labels=torch.zeros(0, dtype=torch.int64)
        ),
        Detections(
            boxes=torch.tensor([[1.5, 2.5, 3.5, 9.5]]),
            scores=torch.tensor([0.5]),
            labels=torch.tensor([2]),
        ),
    ]


LABELS = {0: 18, 1: 1, 2: 90}


def test_boxes_become_xywh_with_the_data_sets_category_ids() -> None:
    results = coco_results(_detections(), [42, 7, 1000], LABELS)
    assert results == [
        CocoResult(
            image_id=42,
            category_id=1,
            bbox=(10.0, 20.0, 30.5, 40.25),
            score=float(torch.tensor(0.9)),
        ),
        CocoResult(image_id=42, category_id=18, bbox=(0.0, 0.0, 5.0, 5.0), score=0.25),
        CocoResult(image_id=1000, category_id=90, bbox=(1.5, 2.5, 2.0, 7.0), score=0.5),
    ]


def test_results_json_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "results.json"
    assert write_coco_results(path, _detections(), [42, 7, 1000], LABELS) == 3
    raw = json.loads(path.read_text())
    assert raw[0] == {
        "image_id": 42,
        "category_id": 1,
        "bbox": [10.0, 20.0, 30.5, 40.25],
        "score": raw[0]["score"],
    }
    assert {r["category_id"] for r in raw} == {1, 18, 90}
    assert read_coco_results(path) == coco_results(_detections(), [42, 7, 1000], LABELS)
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]  # no temp file left


def test_float32_boxes_survive_the_round_trip_exactly(tmp_path: Path) -> None:
    corners = torch.rand(50, 2) * 300
    boxes = torch.cat([corners, corners + torch.rand(50, 2) * 100 + 0.01], dim=1)
    found = Detections(boxes=boxes, scores=torch.rand(50), labels=torch.randint(0, 3, (50,)))
    path = tmp_path / "r.json"
    write_coco_results(path, [found], [3], consecutive_label_map(3))
    back = read_coco_results(path)
    for row, result in zip(boxes.double().unbind(0), back, strict=True):
        x1, y1, x2, y2 = float_list(row)
        assert result.bbox == (x1, y1, x2 - x1, y2 - y1)


def test_evaluator_writes_what_it_accumulated(tmp_path: Path) -> None:
    truth = {
        "images": [{"id": i} for i in (42, 7, 1000)],
        "annotations": [],
        "categories": [{"id": c} for c in LABELS.values()],
    }
    evaluator = CocoEvaluator(ground_truth=truth, label_to_category=LABELS)
    evaluator.update(_detections()[:2], [42, 7])
    evaluator.update(_detections()[2:], [1000])
    path = tmp_path / "results.json"
    assert evaluator.write_results(path) == 3
    assert (
        read_coco_results(path)
        == evaluator.results()
        == coco_results(_detections(), [42, 7, 1000], LABELS)
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"not valid JSON: Expecting property name .* at line 1, column 2"),
        ('{"a": 1}', r"holds dict, expected a JSON list"),
        ("[1]", r"result \[0\] is int, not an object"),
        (
            '[{"image_id": 1, "bbox": [0, 0, 1, 1], "score": 1}]',
            r"result \[0\] has no 'category_id'",
        ),
        (
            '[{"image_id": 1, "category_id": 2, "bbox": [0, 0, 1], "score": 1}]',
            r"has bbox \[0, 0, 1\], not 4 finite numbers",
        ),
        (
            '[{"image_id": 1, "category_id": 2, "bbox": [0, 0, 1, -1], "score": 1}]',
            r"negative width or height",
        ),
        (
            '[{"image_id": "a", "category_id": 2, "bbox": [0, 0, 1, 1], "score": 1}]',
            r"has image_id 'a' and category_id 2, not ints",
        ),
        (
            '[{"image_id": 1, "category_id": 2, "bbox": [0, 0, 1, 1], "score": NaN}]',
            r"has score nan, not a finite number",
        ),
    ],
)
def test_bad_results_files_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(DataError, match=message) as caught:
        read_coco_results(path)
    assert caught.value.file == str(path)


def test_a_missing_results_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"cannot read the COCO results file: .*No such file"):
        read_coco_results(tmp_path / "missing.json")


def test_a_data_sets_category_map_is_a_label_map() -> None:
    categories = CategoryMap.from_pairs([(18, "dog"), (3, "car"), (1, "person")])

    assert categories.label_to_category == {0: 1, 1: 3, 2: 18}
    assert coco_results(_detections(), [42, 7, 1000], categories) == coco_results(
        _detections(), [42, 7, 1000], {0: 1, 1: 3, 2: 18}
    )
    evaluator = CocoEvaluator(label_to_category=categories)
    assert evaluator.label_to_category == {0: 1, 1: 3, 2: 18}
