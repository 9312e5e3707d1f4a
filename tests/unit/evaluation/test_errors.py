"""Bad input ends in a DataError that says what was received and what to do."""

from pathlib import Path
from typing import Any

import pytest
import torch

from plugtrain.errors import DataError
from plugtrain.evaluation import (
    CocoEvaluator,
    CocoResult,
    coco_results,
    evaluate_coco_results,
)
from plugtrain.structures import Detections, Targets


def _found(labels: list[int], *, box: list[float] | None = None) -> Detections:
    count = len(labels)
    row = box if box is not None else [10.0, 10.0, 50.0, 60.0]
    return Detections(
        boxes=torch.tensor([row] * count, dtype=torch.float32).reshape(count, 4),
        scores=torch.full((count,), 0.5),
        labels=torch.tensor(labels, dtype=torch.int64),
    )


def _target(
    labels: list[int], image_id: int | str | None, size: tuple[int, int] = (100, 100)
) -> Targets:
    count = len(labels)
    return Targets(
        boxes=torch.tensor([[10.0, 10.0, 50.0, 60.0]] * count).reshape(count, 4),
        labels=torch.tensor(labels, dtype=torch.int64),
        image_size=size,
        num_classes=3,
        image_id=image_id,
    )


def _truth() -> dict[str, Any]:
    return {
        "images": [{"id": 1, "width": 100, "height": 100}, {"id": 2}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 5, "bbox": [10, 10, 40, 50]}],
        "categories": [{"id": 5, "name": "a"}, {"id": 6, "name": "b"}],
    }


def test_mismatched_lengths() -> None:
    with pytest.raises(
        DataError,
        match=r"got 2 Detections but 1 image ids; pass exactly one image id per Detections",
    ):
        coco_results([_found([0]), _found([1])], [1], {0: 1, 1: 2})
    evaluator = CocoEvaluator()
    with pytest.raises(
        DataError, match=r"got 1 Detections but 2 Targets; pass one Targets per Detections"
    ):
        evaluator.update([_found([0])], [_target([0], 1), _target([0], 2)])
    with_file = CocoEvaluator(ground_truth=_truth(), label_to_category={0: 5, 1: 6})
    with pytest.raises(DataError, match=r"got 1 Detections but 0 image ids"):
        with_file.update([_found([0])], [])


def test_labels_without_a_category_id() -> None:
    with pytest.raises(
        DataError,
        match=r"image 9: detections have labels \[2, 4\] that label_to_category does not map "
        r"\(0->1, 1->2\); the model predicts more classes than the data set has",
    ):
        coco_results([_found([0, 4, 2])], [9], {0: 1, 1: 2})
    evaluator = CocoEvaluator(label_to_category={0: 1, 1: 2})
    with pytest.raises(
        DataError, match=r"image 3: target labels \[2\] have no category id in label_to_category"
    ):
        evaluator.update([_found([])], [_target([2], 3)])


@pytest.mark.parametrize(
    ("label_map", "message"),
    [
        ({}, r"label_to_category is \{\}; expected a non-empty mapping"),
        ({0: 1, 1: 1}, r"maps several labels to one category id \(category 1 <- labels \[0, 1\]\)"),
        ({-1: 1}, r"not \(label >= 0\) -> \(category id\) integer pairs: -1->1"),
        ({0: "cat"}, r"integer pairs: 0->'cat'"),
    ],
)
def test_bad_label_maps(label_map: Any, message: str) -> None:
    with pytest.raises(DataError, match=message):
        CocoEvaluator(label_to_category=label_map)


def test_label_map_must_use_the_ground_truths_category_ids() -> None:
    with pytest.raises(
        DataError,
        match=r"maps to category ids \[0, 1\] that the ground truth does not have "
        r"\(its category ids: 5, 6\)",
    ):
        CocoEvaluator(ground_truth=_truth(), label_to_category={0: 0, 1: 1})
    with pytest.raises(
        DataError, match=r"CocoEvaluator\(ground_truth=...\) needs label_to_category"
    ):
        CocoEvaluator(ground_truth=_truth())


def test_image_ids_need_a_ground_truth_file() -> None:
    with pytest.raises(
        DataError, match=r"has no COCO ground truth, so update\(\) needs the batch's Targets"
    ):
        CocoEvaluator().update([_found([0])], [1])


def test_repeated_and_unknown_images() -> None:
    evaluator = CocoEvaluator(ground_truth=_truth(), label_to_category={0: 5, 1: 6})
    with pytest.raises(DataError, match=r"image ids \[1\] occur more than once in one call"):
        evaluator.update([_found([0]), _found([0])], [1, 1])
    evaluator.update([_found([0])], [1])
    with pytest.raises(
        DataError, match=r"images \[1\] were already passed to this evaluator; .*call reset\(\)"
    ):
        evaluator.update([_found([0])], [1])
    with pytest.raises(
        DataError, match=r"images \[7\] are not in the ground truth \(<dict>, 2 images\)"
    ):
        evaluator.update([_found([0])], [7])
    with pytest.raises(
        DataError, match=r"image ids must be ints \(COCO image ids\), got \[0\] 2.0"
    ):
        evaluator.update([_found([0])], [_target([0], None)], image_ids=[2.0])  # type: ignore[list-item]  # wrong on purpose


def test_targets_must_match_the_recorded_image_size() -> None:
    evaluator = CocoEvaluator(ground_truth=_truth(), label_to_category={0: 5, 1: 6})
    with pytest.raises(
        DataError,
        match=r"image 1 is 100x100 \(width x height\) in the ground truth but its Targets say "
        r"90x80: detections must be in the original image's pixels",
    ):
        evaluator.update([_found([0])], [_target([0], 1, size=(80, 90))])
    evaluator.update([_found([0])], [_target([0], 2, size=(80, 90))])  # size not recorded


def test_targets_need_int_image_ids() -> None:
    with pytest.raises(
        DataError, match=r"targets \[1\] 'b.png' have no int image_id; build Targets with image_id="
    ):
        CocoEvaluator().update([_found([]), _found([])], [_target([], 1), _target([], "b.png")])
    evaluator = CocoEvaluator()
    evaluator.update([_found([0])], [_target([0], None)], image_ids=[11])
    assert evaluator.image_ids == (11,)


def test_bad_detections() -> None:
    with pytest.raises(
        DataError, match=r"image 4: detection 0 has a non-finite box \[nan, 10.0, 50.0, 60.0\]"
    ):
        coco_results([_found([0], box=[float("nan"), 10.0, 50.0, 60.0])], [4], {0: 1})
    with pytest.raises(
        DataError, match=r"image 4: detection 0 has box \[50.0, 10.0, 10.0, 60.0\] with x2 < x1"
    ):
        coco_results([_found([0], box=[50.0, 10.0, 10.0, 60.0])], [4], {0: 1})
    with pytest.raises(
        DataError, match=r"detections\[0\] is dict; expected plugtrain.structures.Detections"
    ):
        coco_results([{"boxes": 1}], [4], {0: 1})  # type: ignore[list-item]  # wrong on purpose
    with pytest.raises(
        DataError, match=r"detections is Detections; expected a list of Detections, one per image"
    ):
        CocoEvaluator().update(_found([0]), [_target([0], 1)])  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(DataError, match=r"holds int, str; expected a list of Targets"):
        CocoEvaluator().update([_found([0]), _found([0])], [1, "x"])  # type: ignore[arg-type]  # wrong on purpose


def test_a_failing_update_keeps_nothing() -> None:
    evaluator = CocoEvaluator(label_to_category={0: 1, 1: 2})
    with pytest.raises(DataError, match=r"image 2: detections have labels \[2\]"):
        evaluator.update([_found([0]), _found([2])], [_target([0], 1), _target([0], 2)])
    assert len(evaluator.image_ids) == 0
    assert evaluator.results() == []
    evaluator.update([_found([0]), _found([1])], [_target([0], 1), _target([0], 2)])
    assert list(evaluator.image_ids) == [1, 2]


def test_bad_ground_truth_lists_its_problems(tmp_path: Path) -> None:
    truth = _truth()
    truth["annotations"] += [
        {"id": 2, "image_id": 9, "category_id": 5, "bbox": [0, 0, 1, 1]},
        {"id": 3, "image_id": 1, "category_id": 77, "bbox": [0, 0, -1, 1], "iscrowd": 2},
    ]
    with pytest.raises(DataError) as caught:
        CocoEvaluator(ground_truth=truth, label_to_category={0: 5})
    # one problem per fault, in the words of the one COCO parser (plugtrain data check's)
    assert str(caught.value) == (
        "[PT400] the COCO ground truth cannot be evaluated against: 4 problems:\n"
        "  annotation 2 points at image_id 9, which no record in 'images' has\n"
        "  annotation 3 has iscrowd 2; expected 0 or 1\n"
        "  annotation 3 has category_id 77, which is not in 'categories' (known ids: 5, 6)\n"
        "  annotation 3 has bbox [0, 0, -1, 1] with width -1 and height 1; both must be >= 0 "
        "(COCO boxes are [x, y, width, height], not corners)"
    )
    with pytest.raises(DataError, match=r"has no 'annotations' list \(an image-info file"):
        CocoEvaluator(ground_truth={"images": [], "categories": []}, label_to_category={0: 5})
    missing = tmp_path / "missing.json"
    with pytest.raises(DataError, match=r"cannot read the COCO annotation file: .*missing.json"):
        CocoEvaluator(ground_truth=missing, label_to_category={0: 5})
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    with pytest.raises(DataError, match=r"not valid JSON: .* \(file .*broken.json\)"):
        CocoEvaluator(ground_truth=broken, label_to_category={0: 5})
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    with pytest.raises(DataError, match=r"holds list, expected an object with 'images'"):
        CocoEvaluator(ground_truth=listed, label_to_category={0: 5})


def test_results_with_labels_instead_of_category_ids() -> None:
    results = [CocoResult(image_id=1, category_id=0, bbox=(10, 10, 40, 50), score=0.9)]
    with pytest.raises(
        DataError,
        match=r"results use category ids \[0\] that the ground truth does not have "
        r"\(its ids: \[5, 6\]\); were the results written with 0-based labels",
    ):
        evaluate_coco_results(_truth(), results)
    elsewhere = [CocoResult(image_id=3, category_id=5, bbox=(10, 10, 40, 50), score=0.9)]
    with pytest.raises(
        DataError, match=r"results name images \[3\] that the ground truth does not have"
    ):
        evaluate_coco_results(_truth(), elsewhere)
    with pytest.raises(
        DataError, match=r"image_ids \[3\] are not int ids of images in the ground truth"
    ):
        evaluate_coco_results(_truth(), [], image_ids=[3])
    assert evaluate_coco_results(_truth(), [], image_ids=[2]).map == -1.0
    assert evaluate_coco_results(_truth(), []).map == 0.0


def test_an_empty_batch_is_a_no_op_and_targets_must_agree_on_num_classes() -> None:
    evaluator = CocoEvaluator()
    evaluator.update([], [])
    assert evaluator.label_to_category is None
    other = Targets(
        boxes=torch.zeros(0, 4),
        labels=torch.zeros(0, dtype=torch.int64),
        image_size=(100, 100),
        num_classes=5,
        image_id=2,
    )
    with pytest.raises(
        DataError, match=r"the targets of one batch disagree on num_classes \(\[3, 5\]\)"
    ):
        evaluator.update([_found([]), _found([])], [_target([], 1), other])
    evaluator.update([_found([0])], [_target([0], 1)])
    assert evaluator.label_to_category == {0: 1, 1: 2, 2: 3}


def test_ground_truth_takes_what_pycocotools_takes() -> None:
    # no file names, sizes, names, annotation ids or areas; a zero-size box and a box past
    # the image border, which training refuses but COCO evaluation scores
    annotations: list[dict[str, Any]] = [
        {"image_id": 1, "category_id": 5, "bbox": [2, 2, 0, 3]},
        {"image_id": 1, "category_id": 5, "bbox": [8, 8, 5, 5], "area": None},
    ]
    truth: dict[str, Any] = {
        "images": [{"id": 1, "width": 10, "height": 10}, {"id": 2}],
        "annotations": annotations,
        "categories": [{"id": 5}],
    }
    evaluator = CocoEvaluator(ground_truth=truth, label_to_category={0: 5})
    evaluator.update([_found([])], [1])

    assert evaluator.compute().num_ground_truth == 2
    with pytest.raises(DataError, match=r"annotations\[0\] has area \"x\"; expected a number >= 0"):
        CocoEvaluator(
            ground_truth={**truth, "annotations": [{**annotations[0], "area": "x"}]},
            label_to_category={0: 5},
        )
