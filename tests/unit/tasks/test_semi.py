"""The mean-teacher task: pseudo-labels from the teacher, flipped with the strong view."""

from typing import Any

import pytest
import torch

from plugtrain import seed_everything
from plugtrain.data import Sample, collate
from plugtrain.errors import ArgumentError
from plugtrain.models import Detector
from plugtrain.structures import Detections, LossBreakdown
from plugtrain.tasks import MeanTeacherTask, SemiSupervisedBatch, pseudo_targets
from plugtrain.training import ModelEma
from tests.detection_helpers import ints, liven_head, rows, tiny_detector


def _detections(boxes: list[list[float]], scores: list[float], labels: list[int]) -> Detections:
    return Detections(
        boxes=torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4),
        scores=torch.tensor(scores, dtype=torch.float32),
        labels=torch.tensor(labels, dtype=torch.int64),
    )


def test_pseudo_targets_keep_confident_boxes_and_mirror_flipped_images() -> None:
    detections = [
        _detections([[10, 5, 30, 25], [0, 0, 8, 8]], [0.9, 0.3], [2, 0]),
        _detections([[10, 5, 30, 25], [40, 40, 60, 50]], [0.8, 0.7], [1, 0]),
        _detections([], [], []),
    ]
    targets = pseudo_targets(
        detections,
        threshold=0.5,
        flip=torch.tensor([False, True, True]),
        image_size=(64, 100),
        num_classes=3,
    )
    assert [len(t) for t in targets] == [1, 2, 0]
    assert rows(targets[0].boxes) == [[10, 5, 30, 25]]
    assert ints(targets[0].labels) == [2]
    # mirrored in a 100-pixel-wide image: x -> 100 - x
    assert rows(targets[1].boxes) == [[70, 5, 90, 25], [40, 40, 60, 50]]
    assert ints(targets[1].labels) == [1, 0]
    assert all(t.image_size == (64, 100) and t.num_classes == 3 for t in targets)


def test_pseudo_targets_drop_boxes_thinner_than_a_pixel() -> None:
    detections = [_detections([[10, 5, 10.5, 25], [1, 1, 9, 9]], [0.9, 0.9], [0, 1])]
    targets = pseudo_targets(
        detections, threshold=0.5, flip=torch.tensor([False]), image_size=(32, 32), num_classes=2
    )
    assert ints(targets[0].labels) == [1]


def _batch(seed: int) -> SemiSupervisedBatch:
    generator = torch.Generator().manual_seed(seed)
    labeled = [
        Sample.of(
            torch.rand(3, 64, 64, generator=generator),
            torch.tensor([[8.0, 8.0, 40.0, 40.0]]),
            torch.tensor([1]),
            num_classes=3,
            image_id=index,
        )
        for index in range(2)
    ]
    weak = torch.rand(3, 3, 64, 64, generator=generator)
    batch = collate(labeled)
    return SemiSupervisedBatch(
        labeled_images=batch.images, labeled_targets=batch.targets, weak=weak, strong=weak.clone()
    )


def test_burn_in_trains_on_labels_alone_with_zero_unsupervised_terms() -> None:
    student = tiny_detector()
    teacher = ModelEma(student, decay=0.9, start_step=10)
    task = MeanTeacherTask(teacher=teacher)
    breakdown = task.loss(student, _batch(0))
    unsupervised = {k: v for k, v in breakdown.terms.items() if k.startswith("unsupervised_")}
    assert set(unsupervised) == {
        "unsupervised_classification",
        "unsupervised_box_regression",
        "unsupervised_centerness",
    }
    assert all(float(v.detach()) == 0.0 for v in unsupervised.values())
    assert {"supervised_classification", "supervised_box_regression"} <= set(breakdown.terms)
    assert task.last_pseudo_boxes == 0
    assert task.batch_size(_batch(0)) == 5


def _lively() -> Detector:
    seed_everything(0)
    student = tiny_detector()
    liven_head(student)
    with torch.no_grad():  # boxes a few strides wide, not points
        for name, parameter in student.named_parameters():
            if name.endswith("bbox_reg.bias"):
                parameter.fill_(2.0)
    return student


def test_after_burn_in_the_teacher_labels_and_gradients_reach_the_student_only() -> None:
    student = _lively()
    teacher = ModelEma(student, decay=0.9)
    teacher.update(student, step=1)
    task = MeanTeacherTask(teacher=teacher, threshold=0.2, unsupervised_weight=2.0)
    seed_everything(0)
    breakdown = task.loss(student, _batch(1))
    assert task.last_pseudo_boxes > 0
    assert float(breakdown.terms["unsupervised_classification"].detach()) > 0.0
    torch.autograd.backward(breakdown.total)
    assert all(p.grad is None for p in teacher.module.parameters())
    assert any(p.grad is not None for p in student.parameters())
    assert teacher.module.training == student.training


def test_the_unsupervised_weight_scales_the_unsupervised_terms() -> None:
    student = _lively()
    teacher = ModelEma(student, decay=0.9)
    teacher.update(student, step=1)
    results: list[float] = []
    for weight in (1.0, 3.0):
        seed_everything(0)
        task = MeanTeacherTask(teacher=teacher, threshold=0.2, unsupervised_weight=weight)
        results.append(
            float(task.loss(student, _batch(2)).terms["unsupervised_classification"].detach())
        )
    assert results[1] == pytest.approx(3.0 * results[0], rel=1e-5)


def test_pseudo_boxes_teach_classes_only_unless_regressed() -> None:
    student = _lively()
    teacher = ModelEma(student, decay=0.9)
    teacher.update(student, step=1)
    breakdowns: list[LossBreakdown] = []
    for regress in (False, True):
        seed_everything(0)
        task = MeanTeacherTask(teacher=teacher, threshold=0.2, regress_pseudo_boxes=regress)
        breakdowns.append(task.loss(student, _batch(3)))
        assert task.last_pseudo_boxes > 0
    classes_only, regressed = (
        {k: float(v.detach()) for k, v in b.terms.items()} for b in breakdowns
    )
    assert classes_only["unsupervised_box_regression"] == 0.0
    assert classes_only["unsupervised_centerness"] == 0.0
    assert regressed["unsupervised_box_regression"] > 0.0
    assert regressed["unsupervised_centerness"] > 0.0
    assert classes_only["unsupervised_classification"] == pytest.approx(
        regressed["unsupervised_classification"], rel=1e-6
    )
    assert set(classes_only) == set(regressed)


@pytest.mark.parametrize(
    ("argument", "value"),
    [("threshold", 1.0), ("unsupervised_weight", -1.0), ("flip_probability", 1.5)],
)
def test_bad_arguments_are_named(argument: str, value: float) -> None:
    student = tiny_detector()
    arguments: dict[str, Any] = {argument: value}
    with pytest.raises(ArgumentError) as caught:
        MeanTeacherTask(teacher=ModelEma(student), **arguments)
    assert f"MeanTeacherTask: argument '{argument}'" in str(caught.value)
