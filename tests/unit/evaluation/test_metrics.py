"""Known figures: perfect predictions, no detections, nothing to evaluate; CocoMetrics API."""

import json
import logging
from collections.abc import Sequence

import pytest
import torch

from plugtrain.errors import DataError
from plugtrain.evaluation import UNDEFINED, CocoEvaluator, CocoMetrics
from plugtrain.structures import Detections, Targets


def _targets(boxes: Sequence[Sequence[float]], labels: list[int], image_id: int) -> Targets:
    return Targets(
        boxes=torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4),
        labels=torch.tensor(labels, dtype=torch.int64),
        image_size=(300, 300),
        num_classes=2,
        image_id=image_id,
    )


def _perfect(targets: Targets) -> Detections:
    count = len(targets)
    return Detections(
        boxes=targets.boxes.clone(),
        scores=torch.linspace(0.9, 0.5, count) if count else torch.zeros(0),
        labels=targets.labels.clone(),
    )


def _empty() -> Detections:
    return Detections(
        boxes=torch.zeros(0, 4), scores=torch.zeros(0), labels=torch.zeros(0, dtype=torch.int64)
    )


# small (< 32²), medium and large (> 96²) boxes of both classes
_SCENE = [
    ([[10, 10, 30, 25], [100, 100, 160, 170], [0, 120, 200, 290]], [0, 1, 1], 1),
    ([[50, 60, 70, 75], [5, 5, 250, 250]], [1, 0], 2),
    ([[200, 10, 260, 80]], [0], 3),
]


def test_perfect_predictions_give_one() -> None:
    evaluator = CocoEvaluator()
    targets = [_targets(*item) for item in _SCENE]
    evaluator.update([_perfect(t) for t in targets], targets)
    metrics = evaluator.compute()
    expected = dict.fromkeys(metrics.as_dict(), 1.0)
    # at most 1 detection per image and class: image 1 has two class-1 boxes, so class 1
    # recalls 2 of its 3 boxes and class 0 all of its 3
    expected["mar_1"] = (1.0 + 2 / 3) / 2
    assert metrics.as_tuple() == pytest.approx(tuple(expected.values())[:12], abs=1e-12)
    assert [category for category, _ in metrics.map_per_category] == [1, 2]
    assert [ap for _, ap in metrics.map_per_category] == pytest.approx([1.0, 1.0])
    assert (metrics.num_images, metrics.num_ground_truth, metrics.num_detections) == (3, 6, 6)


def test_no_detections_give_zero_and_no_ground_truth_gives_undefined() -> None:
    evaluator = CocoEvaluator()
    targets = [_targets(*item) for item in _SCENE]
    evaluator.update([_empty() for _ in targets], targets)
    assert evaluator.compute().as_tuple() == (0.0,) * 12

    evaluator = CocoEvaluator()
    evaluator.update([_empty(), _empty()], [_targets([], [], 1), _targets([], [], 2)])
    metrics = evaluator.compute()
    assert metrics.as_tuple() == (UNDEFINED,) * 12
    assert metrics.map_per_category == ((1, UNDEFINED), (2, UNDEFINED))


def test_false_positives_on_an_image_without_ground_truth_lower_precision_only() -> None:
    evaluator = CocoEvaluator()
    first = _targets([[100, 100, 160, 170]], [0], 1)
    evaluator.update([_perfect(first)], [first])
    background = _targets([], [], 2)
    wrong = Detections(
        boxes=torch.tensor([[10.0, 10.0, 80.0, 80.0]]),
        scores=torch.tensor([0.99]),
        labels=torch.tensor([0]),
    )
    evaluator.update([wrong], [background])
    metrics = evaluator.compute()
    assert metrics.mar_100 == 1.0  # recall is untouched
    assert metrics.map50 == pytest.approx(0.5, abs=0.01)  # the only hit ranks second


def test_an_evaluator_without_updates_is_undefined_everywhere() -> None:
    metrics = CocoEvaluator().compute()
    assert metrics == CocoMetrics.undefined()
    assert metrics.map == CocoMetrics.UNDEFINED == -1.0
    assert metrics.num_images == 0
    with_file = CocoEvaluator(
        ground_truth={"images": [{"id": 1}], "annotations": [], "categories": [{"id": 5}]},
        label_to_category={0: 5},
    )
    assert with_file.compute().map_per_category == ((5, UNDEFINED),)


def test_as_dict_is_flat_and_json_ready() -> None:
    evaluator = CocoEvaluator()
    targets = [_targets(*item) for item in _SCENE]
    evaluator.update([_perfect(t) for t in targets], targets)
    data = evaluator.compute().as_dict()
    assert list(data) == [
        "map",
        "map50",
        "map75",
        "map_small",
        "map_medium",
        "map_large",
        "mar_1",
        "mar_10",
        "mar_100",
        "mar_small",
        "mar_medium",
        "mar_large",
        "num_images",
        "num_ground_truth",
        "num_detections",
    ]
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["num_images"] == 3
    assert isinstance(data["num_images"], int)
    assert CocoMetrics.undefined().as_dict()["map50"] == -1.0


def test_from_stats_rejects_a_wrong_length() -> None:
    with pytest.raises(DataError, match=r"COCO box stats have 12 figures .*got 3"):
        CocoMetrics.from_stats([0.1, 0.2, 0.3])


def test_reset_and_repeated_compute() -> None:
    evaluator = CocoEvaluator()
    targets = [_targets(*item) for item in _SCENE]
    evaluator.update([_perfect(t) for t in targets], targets)
    first = evaluator.compute()
    assert evaluator.compute() == first
    assert list(evaluator.image_ids) == [1, 2, 3]
    evaluator.reset()
    assert len(evaluator.image_ids) == 0
    assert evaluator.results() == []
    evaluator.update([_empty() for _ in targets], targets)  # the same ids are accepted again
    assert evaluator.compute().map == 0.0


def test_nothing_is_printed_or_logged(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    evaluator = CocoEvaluator(
        ground_truth={
            "images": [{"id": 1, "width": 300, "height": 300}],
            "annotations": [{"id": 1, "image_id": 1, "category_id": 4, "bbox": [1, 2, 30, 40]}],
            "categories": [{"id": 4, "name": "a"}],
        },
        label_to_category={0: 4},
    )
    found = Detections(
        boxes=torch.tensor([[1.0, 2.0, 31.0, 42.0]]),
        scores=torch.tensor([0.8]),
        labels=torch.tensor([0]),
    )
    evaluator.update([found], [1])
    assert evaluator.compute().map50 == 1.0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert [r for r in caplog.records if r.name.startswith("faster_coco_eval")] == []
