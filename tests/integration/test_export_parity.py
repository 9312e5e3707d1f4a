"""Exported files (ONNX in onnxruntime and in OpenVINO, ``.pt2`` via ``torch.export.load``)
give the eager detector's detections: same labels, boxes within 1e-3 px, scores within 1e-4.

Detectors are random-init with livened heads, so scores are spread (random heads score
everything alike, and near-ties would make NMS pick arbitrarily on either side). Each
export has a dynamic batch axis and is run on batches of 1 and 3 images.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
import torch
import torchvision
from torch import Tensor

from plugtrain.components import FPN, ResNetBackbone, TinyBackbone
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.export import (
    ExportedDetector,
    ExportFormat,
    ExportRuntime,
    check_export,
    compare_detections,
    export_detector,
)
from plugtrain.interop import from_torchvision
from plugtrain.models import Detector
from tests.detection_helpers import liven_head, torchvision_detector

HeadKind = Literal["fcos", "retinanet"]


def tiny(
    kind: HeadKind,
    *,
    norm: Literal["gn", "none"],
    resize: bool = False,
    score_threshold: float = 0.05,
) -> Detector:
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    # GroupNorm(32) needs 64 channels at least
    neck = FPN(in_spec=backbone.feature_spec, channels=64 if norm == "gn" else 32)
    head: FCOSHead | RetinaNetHead
    if kind == "fcos":
        head = FCOSHead(in_spec=neck.feature_spec, num_classes=3, num_convs=1, norm=norm)
    else:
        head = RetinaNetHead(in_spec=neck.feature_spec, num_classes=3, num_convs=1, norm=norm)
    detector = Detector(
        backbone=backbone,
        neck=neck,
        head=head,
        num_classes=3,
        score_threshold=score_threshold,
        min_size=80 if resize else None,
        max_size=120 if resize else None,
    )
    liven_head(detector, std=0.3)
    return detector.eval()


def resnet18_fcos() -> Detector:
    backbone = ResNetBackbone(resnet=torchvision.models.resnet18(weights=None))
    neck = FPN(in_spec=backbone.feature_spec, channels=64)
    head = FCOSHead(in_spec=neck.feature_spec, num_classes=4, num_convs=2, norm="gn")
    detector = Detector(backbone=backbone, neck=neck, head=head, num_classes=4)
    liven_head(detector, std=0.3)
    return detector.eval()


def converted(kind: HeadKind) -> Detector:
    model = torchvision_detector(kind, num_classes=3, min_size=96, max_size=128)
    detector = from_torchvision(model.eval())
    liven_head(detector, std=0.3)
    return detector.eval()


def images(size: tuple[int, int], count: int, seed: int) -> Tensor:
    """Smooth random images, the last one black."""
    generator = torch.Generator().manual_seed(seed)
    coarse = torch.rand((count, 3, size[0] // 8, size[1] // 8), generator=generator)
    batch = torch.nn.functional.interpolate(coarse, size=size, mode="bilinear").clamp(0, 1)
    batch[-1] = 0.0
    return batch


CASES: dict[str, tuple[Callable[[], Detector], tuple[int, int]]] = {
    "fcos-tiny-none": (lambda: tiny("fcos", norm="none"), (64, 96)),
    "fcos-tiny-gn-resize": (lambda: tiny("fcos", norm="gn", resize=True), (100, 130)),
    "retinanet-tiny-gn": (lambda: tiny("retinanet", norm="gn"), (96, 96)),
    "retinanet-tiny-none-resize": (lambda: tiny("retinanet", norm="none", resize=True), (72, 120)),
}


def _assert_parity(detector: Detector, exported: ExportedDetector, batch: Tensor) -> int:
    with torch.no_grad():
        eager = detector(batch)
    report = compare_detections(eager, exported.run(batch), max_detections=detector.max_detections)
    assert report.passed, report
    assert report.label_agreement == 1.0
    return sum(len(d) for d in eager)


@pytest.mark.parametrize(
    ("case", "export_format", "runtime"),
    [
        ("fcos-tiny-none", "onnx", "onnxruntime"),
        ("fcos-tiny-none", "onnx", "openvino"),
        ("fcos-tiny-none", "torch-export", None),
        ("fcos-tiny-gn-resize", "onnx", "onnxruntime"),
        ("fcos-tiny-gn-resize", "onnx", "openvino"),
        ("retinanet-tiny-gn", "torch-export", None),
        ("retinanet-tiny-none-resize", "onnx", "onnxruntime"),
        ("retinanet-tiny-none-resize", "onnx", "openvino"),
    ],
)
def test_tiny_detectors_match_eager(
    tmp_path: Path, case: str, export_format: ExportFormat, runtime: ExportRuntime | None
) -> None:
    build, size = CASES[case]
    detector = build()
    suffix = ".onnx" if export_format == "onnx" else ".pt2"
    result = export_detector(
        detector,
        tmp_path / f"model{suffix}",
        export_format=export_format,
        image_size=size,
        class_names=["a", "b", "c"],
        dynamic_batch=True,
    )
    exported = ExportedDetector.load(result.path, runtime=runtime)
    assert exported.runtime == (runtime or "torch")
    found = _assert_parity(detector, exported, images(size, 3, seed=1))
    found += _assert_parity(detector, exported, images(size, 2, seed=2)[:1])
    assert found > 0, "the comparison must see detections"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "export_format", "runtime"),
    [
        ("resnet18-fcos", "onnx", "onnxruntime"),
        ("resnet18-fcos", "onnx", "openvino"),
        ("torchvision-fcos", "torch-export", None),
        ("torchvision-retinanet", "onnx", "onnxruntime"),
        ("torchvision-retinanet", "onnx", "openvino"),
    ],
)
def test_resnet_and_converted_torchvision_detectors_match_eager(
    tmp_path: Path, name: str, export_format: ExportFormat, runtime: ExportRuntime | None
) -> None:
    builders: dict[str, Callable[[], Detector]] = {
        "resnet18-fcos": resnet18_fcos,
        "torchvision-fcos": lambda: converted("fcos"),
        "torchvision-retinanet": lambda: converted("retinanet"),
    }
    detector = builders[name]()
    size = (128, 128)
    suffix = ".onnx" if export_format == "onnx" else ".pt2"
    result = export_detector(
        detector,
        tmp_path / f"model{suffix}",
        export_format=export_format,
        image_size=size,
        class_names=[f"c{i}" for i in range(detector.num_classes)],
        dynamic_batch=True,
    )
    exported = ExportedDetector.load(result.path, runtime=runtime)
    found = _assert_parity(detector, exported, images(size, 3, seed=3))
    assert found > 0


def test_no_detections_give_padding_rows_only(tmp_path: Path) -> None:
    detector = tiny("retinanet", norm="none", score_threshold=0.999)
    result = export_detector(
        detector,
        tmp_path / "model.onnx",
        export_format="onnx",
        image_size=(64, 64),
        class_names=["a", "b", "c"],
        batch_size=3,
    )
    import onnxruntime

    session = onnxruntime.InferenceSession(str(result.path), providers=["CPUExecutionProvider"])
    boxes, scores, labels, count = session.run(None, {"images": images((64, 64), 3, 4).numpy()})
    assert boxes.shape == (3, 100, 4)
    assert count.tolist() == [0, 0, 0]
    assert (scores == 0).all()
    assert (labels == -1).all()
    assert (boxes == 0).all()
    for runtime in ("onnxruntime", "openvino"):
        exported = ExportedDetector.load(result.path, runtime=runtime)
        report = check_export(detector, exported, images((64, 64), 3, 4))
        assert report.passed
        assert [(i.eager, i.exported) for i in report.images] == [(0, 0)] * 3


def test_a_pt2_file_runs_images_where_nms_keeps_a_single_box(tmp_path: Path) -> None:
    detector = tiny("retinanet", norm="none", score_threshold=0.999)
    result = export_detector(
        detector,
        tmp_path / "model.pt2",
        export_format="torch-export",
        image_size=(64, 64),
        class_names=["a", "b", "c"],
        dynamic_batch=True,
    )
    exported = ExportedDetector.load(result.path)
    assert [len(d) for d in exported.run(images((64, 64), 1, 5))] == [0]
    assert [len(d) for d in exported.run(images((64, 64), 3, 5))] == [0, 0, 0]
