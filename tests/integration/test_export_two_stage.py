"""Two-stage detectors exported (ONNX in onnxruntime, ``.pt2`` via ``torch.export.load``)
give the eager detector's detections: same labels, boxes within 1e-3 px, scores within
1e-4, on several input sizes and batch sizes; images without detections give padding
rows only. Driven as users drive it too: ``plugtrain export --check`` on a Faster R-CNN
checkpoint, then ``plugtrain predict`` and ``plugtrain serve`` on the exported file.

Detectors are random-init with livened box heads and predictors (``tiny_two_stage``), so
scores are spread and detections differ from image to image.
"""

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import torch
from torch import Tensor
from torchvision.models.detection import FasterRCNN
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.export import (
    ExportedDetector,
    ExportFormat,
    check_export,
    compare_detections,
    export_detector,
)
from plugtrain.inference import Predictor
from plugtrain.interop import from_torchvision
from plugtrain.models import TwoStageDetector
from plugtrain.runs import train_from_config
from tests.inference_helpers import encoded_image
from tests.integration.serving import running_server
from tests.integration.test_export_parity import images
from tests.integration.test_faster_rcnn_config import write_faster_rcnn
from tests.two_stage_helpers import liven_two_stage, tiny_two_stage

runner = CliRunner()

CASES: dict[str, tuple[Callable[[], TwoStageDetector], tuple[int, int]]] = {
    "tiny": (lambda: tiny_two_stage(), (64, 96)),
    "tiny-resize": (lambda: tiny_two_stage(resize=True), (100, 130)),
}


def _export(
    detector: TwoStageDetector, folder: Path, export_format: ExportFormat, size: tuple[int, int]
) -> ExportedDetector:
    suffix = ".onnx" if export_format == "onnx" else ".pt2"
    result = export_detector(
        detector,
        folder / f"model{suffix}",
        export_format=export_format,
        image_size=size,
        class_names=[f"c{i}" for i in range(detector.num_classes)],
        dynamic_batch=True,
    )
    return ExportedDetector.load(result.path)


def _assert_parity(detector: TwoStageDetector, exported: ExportedDetector, batch: Tensor) -> int:
    with torch.no_grad():
        eager = detector(batch)
    report = compare_detections(eager, exported.run(batch), max_detections=detector.max_detections)
    assert report.passed, report
    assert report.label_agreement == 1.0
    return sum(len(d) for d in eager)


@pytest.mark.parametrize(
    ("case", "export_format"), [("tiny", "onnx"), ("tiny-resize", "torch-export")]
)
def test_tiny_two_stage_detectors_match_eager(
    tmp_path: Path, case: str, export_format: ExportFormat
) -> None:
    build, size = CASES[case]
    detector = build()
    exported = _export(detector, tmp_path, export_format, size)
    found = _assert_parity(detector, exported, images(size, 3, seed=1))
    found += _assert_parity(detector, exported, images(size, 2, seed=2)[:1])
    assert found > 0, "the comparison must see detections"


def test_no_detections_give_padding_rows_only(tmp_path: Path) -> None:
    detector = tiny_two_stage(score_threshold=0.999)
    result = export_detector(
        detector,
        tmp_path / "model.onnx",
        export_format="onnx",
        image_size=(64, 64),
        class_names=["a", "b", "c"],
        batch_size=2,
    )
    import onnxruntime

    session = onnxruntime.InferenceSession(str(result.path), providers=["CPUExecutionProvider"])
    boxes, scores, labels, count = session.run(None, {"images": images((64, 64), 2, 4).numpy()})
    assert boxes.shape == (2, 100, 4)
    assert count.tolist() == [0, 0]
    assert (scores == 0).all()
    assert (labels == -1).all()
    assert (boxes == 0).all()
    report = check_export(detector, ExportedDetector.load(result.path), images((64, 64), 2, 4))
    assert report.passed
    assert [(i.eager, i.exported) for i in report.images] == [(0, 0)] * 2


@pytest.mark.slow
def test_a_converted_torchvision_faster_rcnn_matches_eager(tmp_path: Path) -> None:
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    backbone = resnet_fpn_backbone(
        backbone_name="resnet18", weights=None, norm_layer=FrozenBatchNorm2d
    )
    model = FasterRCNN(
        backbone,
        4,
        min_size=128,
        max_size=128,
        rpn_pre_nms_top_n_test=200,
        rpn_post_nms_top_n_test=100,
        box_score_thresh=0.3,
    )
    detector = from_torchvision(model.eval())
    assert isinstance(detector, TwoStageDetector)
    liven_two_stage(detector, std=0.05, head_std=0.01)
    exported = _export(detector.eval(), tmp_path, "torch-export", (128, 128))
    assert _assert_parity(detector, exported, images((128, 128), 2, seed=3)) > 0


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shapes data set (``shapes/``) and a faster_rcnn config over it."""
    return tmp_path_factory.mktemp("faster-rcnn")


@pytest.fixture(scope="module")
def checkpoint(folder: Path) -> Path:
    summary = train_from_config(load_config(write_faster_rcnn(folder, "tiny")))
    return Path(summary.checkpoint)


@pytest.fixture(scope="module")
def exported_file(checkpoint: Path) -> Path:
    out = checkpoint.parent / "exported" / "model.pt2"
    out.parent.mkdir()
    result = runner.invoke(
        app,
        ["export", str(checkpoint), "--format", "torch-export", "--out", str(out), "--check"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["format"] == "torch-export"
    assert "PASS: max box diff" in result.stdout
    assert "label agreement 100.0%" in result.stdout
    return out


def test_plugtrain_export_check_then_predict_on_the_exported_file(
    exported_file: Path, folder: Path, tmp_path: Path
) -> None:
    sidecar = json.loads(exported_file.with_name("model.pt2.json").read_text())
    assert sidecar["class_names"] == ["circle", "square", "triangle"]
    assert sidecar["input_size"] == [64, 64]
    out = tmp_path / "predicted"
    predicted = runner.invoke(
        app, ["predict", str(exported_file), str(folder / "shapes" / "val"), "--out", str(out)]
    )
    assert predicted.exit_code == 0, predicted.output
    written = json.loads((out / "predictions.json").read_text())
    assert len(written["images"]) == 4
    assert written["errors"] == []


@pytest.mark.slow
def test_plugtrain_serve_runs_the_exported_file(exported_file: Path, tmp_path: Path) -> None:
    data = encoded_image((48, 80), "png", seed=1)
    local = tmp_path / "image.png"
    local.write_bytes(data)
    [expected] = Predictor.from_path(exported_file).predict(local)
    with running_server(exported_file, "--threads", "1") as server:
        info = httpx.get(f"{server.url}/v1/model").json()
        assert info["class_names"] == ["circle", "square", "triangle"]
        assert info["kind"] == "torch-export"
        assert info["input_size"] == [64, 64]
        answer = httpx.post(
            f"{server.url}/v1/detect",
            content=data,
            headers={"content-type": "image/png"},
            timeout=120,
        )
        assert answer.status_code == 200, answer.text
        labels = [d["label"] for d in answer.json()["detections"]]
        assert labels == [d.label for d in expected.detections]
