"""Detector: wiring checks, one return type, inputs and targets checked, losses, summary."""

import math
from typing import Literal

import pytest
import torch
from rich.console import Console
from torch import Tensor

from plugtrain.components import FPN, TinyBackbone
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.errors import (
    ArgumentError,
    CompatibilityError,
    DataError,
    PlugtrainError,
    ShapeError,
)
from plugtrain.models import Detector
from plugtrain.structures import Detections, FeatureSpec, Targets
from tests.detection_helpers import (
    assert_same_detection_sets,
    floats,
    liven_head,
    synthetic_targets,
    tiny_detector,
)

KINDS: list[Literal["fcos", "retinanet"]] = ["fcos", "retinanet"]


def _images() -> list[Tensor]:
    return [torch.rand(3, 70, 90), torch.rand(3, 64, 48)]


# --- wiring -------------------------------------------------------------------------------


def test_neck_built_for_another_backbone_is_refused() -> None:
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    neck = FPN(in_spec=TinyBackbone().feature_spec, channels=32)
    head = FCOSHead(in_spec=neck.feature_spec, num_classes=2, norm="none")
    with pytest.raises(CompatibilityError) as raised:
        Detector(backbone=backbone, neck=neck, head=head, num_classes=2)
    message = str(raised.value)
    assert (
        "neck (FPN) expects channels (32, 64, 128), backbone (TinyBackbone) makes (16, 32, 32)"
        in message
    )
    assert "produced: backbone (TinyBackbone): [C3(16ch, stride 8), C4(32ch, stride 16)" in message
    assert "expected: neck (FPN): [C3(32ch, stride 8), C4(64ch, stride 16)" in message


def test_head_built_for_other_levels_is_refused() -> None:
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    neck = FPN(in_spec=backbone.feature_spec, channels=32, out_levels=(3, 4, 5))
    head = RetinaNetHead(
        in_spec=FeatureSpec.of(("P3", 32, 8), ("P4", 32, 16), ("P5", 32, 32), ("P6", 32, 64)),
        num_classes=2,
    )
    with pytest.raises(
        CompatibilityError, match=r"head \(RetinaNetHead\) expects levels \['P6'\]"
    ) as raised:
        Detector(backbone=backbone, neck=neck, head=head, num_classes=2)
    assert "fix: build head (RetinaNetHead) with in_spec=neck (FPN).feature_spec" in str(
        raised.value
    )


def test_head_without_neck_needs_uniform_channels() -> None:
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    head = FCOSHead(
        in_spec=FeatureSpec.of(("C3", 16, 8), ("C4", 16, 16), ("C5", 16, 32)),
        num_classes=2,
        norm="none",
    )
    with pytest.raises(CompatibilityError, match="head \\(FCOSHead\\) expects channels"):
        Detector(backbone=backbone, neck=None, head=head, num_classes=2)


def test_backbone_straight_into_a_head() -> None:
    backbone = TinyBackbone(channels=(8, 32, 32, 32))
    head = FCOSHead(in_spec=backbone.feature_spec, num_classes=2, num_convs=1, norm="none")
    detector = Detector(backbone=backbone, neck=None, head=head, num_classes=2).eval()
    assert len(detector(_images())) == 2


def test_num_classes_must_agree_with_the_head() -> None:
    detector = tiny_detector(num_classes=3)
    with pytest.raises(CompatibilityError, match="asked for 4 classes, its head predicts 3"):
        Detector(backbone=detector.backbone, neck=detector.neck, head=detector.head, num_classes=4)


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ({"min_size": 100}, "Detector: argument 'max_size'"),
        ({"score_threshold": 1.0}, "Detector: argument 'score_threshold'"),
        ({"nms_iou_threshold": -0.1}, "Detector: argument 'nms_iou_threshold'"),
        ({"topk_candidates": 0}, "Detector: argument 'topk_candidates'"),
        ({"image_std": (0.2, 0.0, 0.2)}, "Detector: argument 'image_std'"),
        ({"image_mean": (0.5, 0.5)}, "Detector: argument 'image_mean'"),
        ({"size_divisible": 0}, "Detector: argument 'size_divisible'"),
    ],
)
def test_wrong_arguments(options: dict[str, object], text: str) -> None:
    parts = tiny_detector()
    arguments: dict[str, object] = {
        "backbone": parts.backbone,
        "neck": parts.neck,
        "head": parts.head,
        "num_classes": 3,
        **options,
    }
    with pytest.raises(ArgumentError, match=text):
        Detector(**arguments)  # type: ignore[arg-type]  # wrong values on purpose


def test_parts_must_be_plugtrain_parts() -> None:
    parts = tiny_detector()
    with pytest.raises(ArgumentError, match=r"Detector: argument 'head'"):
        Detector(backbone=parts.backbone, neck=parts.neck, head=parts.neck, num_classes=3)  # type: ignore[arg-type]  # wrong part on purpose


# --- forward ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("training", [False, True])
def test_one_return_type_in_every_mode(kind: Literal["fcos", "retinanet"], training: bool) -> None:
    detector = tiny_detector(kind, score_threshold=0.0).train(training)
    with torch.no_grad():
        found = detector(_images())
    assert len(found) == 2
    assert all(isinstance(d, Detections) for d in found)
    for detections, (height, width) in zip(found, [(70, 90), (64, 48)], strict=True):
        assert len(detections) == detector.max_detections
        assert (detections.boxes[:, 0::2] <= width).all()
        assert (detections.boxes[:, 1::2] <= height).all()
        assert (detections.boxes >= 0).all()
        assert ((detections.labels >= 0) & (detections.labels < 3)).all()
        assert floats(detections.scores) == sorted(floats(detections.scores), reverse=True)


def test_batched_tensor_list_and_single_image_give_the_same_detections() -> None:
    # Promised: the same detections as sets (labels, boxes, scores within a tolerance), not
    # bit-equal tensors in the same order: a batch of one and a batch of two may run other
    # kernels, and tied scores may come out in any order.
    detector = tiny_detector(score_threshold=0.0).eval()
    liven_head(detector)  # random-init scores all tie near 0.07; spread them
    batch = torch.rand(2, 3, 60, 60)
    with torch.no_grad():
        from_tensor = detector(batch)
        from_list = detector(list(batch))
        alone = detector([batch[1]])
    for a, b in zip(from_tensor, from_list, strict=True):
        assert assert_same_detection_sets(a, b) >= 10
    assert assert_same_detection_sets(alone[0], from_tensor[1]) >= 10


def test_resizing_maps_boxes_back_to_the_input_pixels() -> None:
    parts = tiny_detector()
    detector = Detector(
        backbone=parts.backbone,
        neck=parts.neck,
        head=parts.head,
        num_classes=3,
        min_size=64,
        max_size=96,
        score_threshold=0.0,
    ).eval()
    with torch.no_grad():
        found = detector([torch.rand(3, 200, 300)])
    boxes = found[0].boxes
    assert boxes[:, 0::2].max() > 96  # in the 200x300 input, not the 64x96 network input
    assert (boxes[:, 0::2] <= 300).all()
    assert (boxes[:, 1::2] <= 200).all()


def test_wrong_images_raise_shape_error() -> None:
    detector = tiny_detector().eval()
    with pytest.raises(ShapeError, match=r"images\[1\]") as raised:
        detector([torch.rand(3, 32, 32), torch.rand(32, 32)])
    assert "expected 3 dimensions with 3 channels first" in str(raised.value)
    with pytest.raises(ShapeError, match=r"divide 0\.\.255 images by 255"):
        detector([torch.rand(3, 32, 32) * 255])


# --- loss ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_empty_targets_train(kind: Literal["fcos", "retinanet"]) -> None:
    detector = tiny_detector(kind).train()
    for boxes_per_image in ([0, 0], [2, 0]):
        targets = synthetic_targets(
            [(70, 90), (64, 48)], num_classes=3, boxes_per_image=boxes_per_image
        )
        loss = detector.loss(_images(), targets)
        assert all(math.isfinite(v) for v in loss.detached().values())
        detector.zero_grad()
        torch.autograd.backward(loss.total)
        gradients = [p.grad for p in detector.parameters() if p.grad is not None]
        assert gradients
        assert all(torch.isfinite(g).all() for g in gradients)


@pytest.mark.parametrize("kind", KINDS)
def test_loss_decreases_on_a_tiny_batch(kind: Literal["fcos", "retinanet"]) -> None:
    detector = tiny_detector(kind).train()
    images = [torch.rand(3, 64, 64), torch.rand(3, 64, 64)]
    targets = synthetic_targets([(64, 64), (64, 64)], num_classes=3, boxes_per_image=[2, 1], seed=4)
    optimizer = torch.optim.Adam(detector.parameters(), lr=1e-3)
    totals: list[float] = []
    for _ in range(10):
        loss = detector.loss(images, targets)
        optimizer.zero_grad()
        torch.autograd.backward(loss.total)
        optimizer.step()  # pyright: ignore[reportUnknownMemberType]  # torch leaves closure untyped
        totals.append(loss.detached()["total"])
    assert all(math.isfinite(t) for t in totals)
    assert max(totals[-3:]) < 0.7 * totals[0], totals


def test_targets_are_checked_against_the_images() -> None:
    detector = tiny_detector().train()
    images = _images()
    good = synthetic_targets([(70, 90), (64, 48)], num_classes=3, boxes_per_image=[1, 1])
    with pytest.raises(DataError, match="got 2 images but 1 targets"):
        detector.loss(images, good[:1])
    swapped = [good[1], good[0]]
    with pytest.raises(DataError, match=r"image 0: targets\[0\].image_size is \(64, 48\)"):
        detector.loss(images, swapped)
    other_classes = synthetic_targets([(70, 90), (64, 48)], num_classes=5, boxes_per_image=[1, 1])
    with pytest.raises(DataError, match="validated for num_classes=5, the detector has 3"):
        detector.loss(images, other_classes)
    with pytest.raises(PlugtrainError, match=r"targets\[1\]"):
        detector.loss(images, [good[0], {"boxes": torch.zeros(0, 4)}])  # type: ignore[list-item]  # a torchvision-style dict


def test_wrong_boxes_name_the_image_and_the_box() -> None:
    with pytest.raises(
        DataError, match=r"image 'img-7', box 1 \[30.0, 10.0, 20.0, 40.0\]: x2 <= x1"
    ):
        Targets(
            boxes=torch.tensor([[1.0, 2.0, 10.0, 20.0], [30.0, 10.0, 20.0, 40.0]]),
            labels=torch.tensor([0, 1]),
            image_size=(64, 64),
            num_classes=3,
            image_id="img-7",
        )


# --- summary ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_summary_matches_the_real_feature_maps(kind: Literal["fcos", "retinanet"]) -> None:
    detector = tiny_detector(kind).eval()
    summary = detector.summary((100, 150))
    assert summary.network_input == (128, 160)
    with torch.no_grad():
        features = detector.neck(detector.backbone(torch.zeros(1, 3, 128, 160)))  # type: ignore[misc]  # the neck is set
    assert [(lv.height, lv.width) for lv in summary.levels] == [
        tuple(f.shape[-2:]) for f in features
    ]
    assert [lv.stride for lv in summary.levels] == [8, 16, 32, 64, 128]
    outputs = detector.head(features)
    assert summary.anchors == sum(t.shape[1] for t in outputs.class_logits)
    assert summary.parameters == sum(p.numel() for p in detector.parameters())
    assert [p.role for p in summary.parts] == ["backbone", "neck", "head"]


def test_summary_renders_as_rich_tables_and_text() -> None:
    detector = tiny_detector("retinanet")
    summary = detector.summary((64, 64))
    console = Console(record=True, width=120)
    console.print(summary)
    text = console.export_text()
    assert "P3" in text
    assert "anchors/location" in text
    assert "RetinaNetHead" in text
    assert "P7: 32ch, stride 128, 1x1, 9 anchors/location, 9 anchors" in str(summary)


def test_summary_applies_the_resize() -> None:
    parts = tiny_detector()
    detector = Detector(
        backbone=parts.backbone,
        neck=parts.neck,
        head=parts.head,
        num_classes=3,
        min_size=100,
        max_size=120,
    )
    assert detector.summary((300, 600)).network_input == (64, 128)  # resized to 60x120, padded
