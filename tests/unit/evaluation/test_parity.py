"""plugtrain's COCO figures equal pycocotools' on the same fixed-seed predictions."""

from pathlib import Path

import numpy as np
import pytest

from plugtrain.evaluation import (
    CocoEvaluator,
    CocoMetrics,
    evaluate_coco_results,
    write_coco_results,
)
from tests.unit.evaluation._scene import (
    LABEL_TO_CATEGORY,
    NO_GROUND_TRUTH,
    NO_PREDICTIONS,
    Scene,
    make_scene,
    pycocotools_reference,
    reference_results,
)

TOLERANCE = 1e-9


def _assert_equal(
    metrics: CocoMetrics, stats: np.ndarray, per_category: list[tuple[int, float]]
) -> None:
    assert np.abs(np.asarray(metrics.as_tuple()) - stats).max() <= TOLERANCE, (
        metrics.as_tuple(),
        stats.tolist(),
    )
    assert [c for c, _ in metrics.map_per_category] == [c for c, _ in per_category]
    for (_, ours), (_, theirs) in zip(metrics.map_per_category, per_category, strict=True):
        assert abs(ours - theirs) <= TOLERANCE


@pytest.fixture(scope="module")
def scene() -> Scene:
    return make_scene(seed=0)


def test_scene_covers_the_hard_cases(scene: Scene) -> None:
    truth = scene.ground_truth()
    areas = [a["area"] for a in truth["annotations"]]
    assert min(areas) < 32**2
    assert any(32**2 < a < 96**2 for a in areas)
    assert max(areas) > 96**2
    assert sum(a["iscrowd"] for a in truth["annotations"]) >= 2
    index = scene.image_ids.index(NO_GROUND_TRUTH)
    assert len(scene.boxes[NO_GROUND_TRUTH]) == 0
    assert len(scene.detections[index]) > 0
    assert len(scene.detections[scene.image_ids.index(NO_PREDICTIONS)]) == 0
    stats, _ = pycocotools_reference(
        truth,
        reference_results(scene.detections, scene.image_ids, LABEL_TO_CATEGORY),
        scene.image_ids,
    )
    # not a degenerate scene: figures strictly between 0 and 1
    assert all(0.02 < value < 0.98 for value in stats), stats


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_annotation_dict_with_crowd_equals_pycocotools(seed: int) -> None:
    scene = make_scene(seed=seed)
    truth = scene.ground_truth(area_scale=0.7)
    evaluator = CocoEvaluator(ground_truth=truth, label_to_category=LABEL_TO_CATEGORY)
    for start in range(0, len(scene.image_ids), 5):  # batches of 5, last one shorter
        evaluator.update(scene.detections[start : start + 5], scene.image_ids[start : start + 5])
    expected = pycocotools_reference(
        truth,
        reference_results(scene.detections, scene.image_ids, LABEL_TO_CATEGORY),
        scene.image_ids,
    )
    metrics = evaluator.compute()
    _assert_equal(metrics, *expected)
    assert metrics.num_images == len(scene.image_ids)
    assert metrics.num_detections == sum(len(d) for d in scene.detections)
    assert metrics.num_ground_truth == sum(1 for a in truth["annotations"] if not a["iscrowd"])


def test_targets_equal_pycocotools(scene: Scene) -> None:
    evaluator = CocoEvaluator()
    targets = scene.targets()
    for start in range(0, len(targets), 4):
        evaluator.update(scene.detections[start : start + 4], targets[start : start + 4])
    # Targets carry no crowd flag: the reference sees the same ground truth without crowds.
    consecutive = {label: label + 1 for label in LABEL_TO_CATEGORY}
    truth = scene.ground_truth(with_crowd=False)
    for annotation in truth["annotations"]:
        annotation["category_id"] = (
            list(LABEL_TO_CATEGORY.values()).index(annotation["category_id"]) + 1
        )
    truth["categories"] = [{"id": c, "name": str(c)} for c in consecutive.values()]
    expected = pycocotools_reference(
        truth, reference_results(scene.detections, scene.image_ids, consecutive), scene.image_ids
    )
    _assert_equal(evaluator.compute(), *expected)
    assert evaluator.label_to_category == consecutive


def test_targets_with_the_data_sets_ids_equal_the_annotation_file(scene: Scene) -> None:
    by_targets = CocoEvaluator(label_to_category=LABEL_TO_CATEGORY)
    by_targets.update(scene.detections, scene.targets())
    by_file = CocoEvaluator(
        ground_truth=scene.ground_truth(with_crowd=False), label_to_category=LABEL_TO_CATEGORY
    )
    by_file.update(scene.detections, scene.targets())  # only their image ids are used
    assert by_targets.compute() == by_file.compute()
    assert by_targets.results() == by_file.results()


def test_a_subset_of_images_equals_pycocotools_on_that_subset(scene: Scene) -> None:
    chosen = [0, 3, 6, 7, 10]
    ids = [scene.image_ids[i] for i in chosen]
    detections = [scene.detections[i] for i in chosen]
    truth = scene.ground_truth()
    evaluator = CocoEvaluator(ground_truth=truth, label_to_category=LABEL_TO_CATEGORY)
    evaluator.update(detections, ids)
    expected = pycocotools_reference(
        truth, reference_results(detections, ids, LABEL_TO_CATEGORY), ids
    )
    _assert_equal(evaluator.compute(), *expected)


def test_results_file_against_annotation_file_equals_pycocotools(
    scene: Scene, tmp_path: Path
) -> None:
    import json

    truth = scene.ground_truth()
    annotations = tmp_path / "instances_val.json"
    annotations.write_text(json.dumps(truth))
    results = tmp_path / "out" / "results.json"
    written = write_coco_results(results, scene.detections, scene.image_ids, LABEL_TO_CATEGORY)
    assert written == sum(len(d) for d in scene.detections)
    expected = pycocotools_reference(
        truth, json.loads(results.read_text()), [image["id"] for image in truth["images"]]
    )
    _assert_equal(evaluate_coco_results(annotations, results), *expected)
    from_file = CocoEvaluator(ground_truth=annotations, label_to_category=LABEL_TO_CATEGORY)
    from_file.update(scene.detections, scene.image_ids)
    _assert_equal(from_file.compute(), *expected)
