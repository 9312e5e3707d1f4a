"""ExportedDetector: loads only intact files with their sidecar, maps boxes back."""

import json
import shutil
from pathlib import Path

import pytest
import torch

from plugtrain._seed import seed_everything
from plugtrain.components import FPN, TinyBackbone
from plugtrain.components.heads import FCOSHead
from plugtrain.errors import ExportError, ShapeError
from plugtrain.export import (
    ExportedDetector,
    ExportResult,
    compare_detections,
    export_detector,
    sidecar_path,
)
from plugtrain.models import Detector
from tests.detection_helpers import liven_head

SIZE = (64, 96)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    seed_everything(0)
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    neck = FPN(in_spec=backbone.feature_spec, channels=32)
    head = FCOSHead(in_spec=neck.feature_spec, num_classes=2, num_convs=1, norm="none")
    detector = Detector(backbone=backbone, neck=neck, head=head, num_classes=2).eval()
    liven_head(detector, std=0.3)
    folder = tmp_path_factory.mktemp("exported")
    return export_detector(
        detector,
        folder / "model.pt2",
        export_format="torch-export",
        image_size=SIZE,
        class_names=["cat", "dog"],
        dynamic_batch=True,
    )


def _copy(result: ExportResult, folder: Path) -> Path:
    target = folder / result.path.name
    shutil.copy(result.path, target)
    shutil.copy(result.sidecar, sidecar_path(target))
    return target


def test_the_sidecar_describes_the_file(exported: ExportResult) -> None:
    meta = json.loads(exported.sidecar.read_text())
    assert exported.sidecar.name == "model.pt2.json"
    assert meta["class_names"] == ["cat", "dog"]
    assert (meta["input_size"], meta["input_layout"], meta["input_dtype"]) == (
        [64, 96],
        "NCHW",
        "float32",
    )
    assert meta["batch_size"] is None
    assert [o["name"] for o in meta["outputs"]] == ["boxes", "scores", "labels", "num_detections"]
    assert meta["opset"] is None
    assert len(meta["weights_sha256"]) == len(meta["file_sha256"]) == 64
    assert meta["format"] == "torch-export"


def test_detect_maps_boxes_back_to_each_images_own_pixels(exported: ExportResult) -> None:
    model = ExportedDetector.load(exported.path)
    assert model.class_names == ("cat", "dog")
    assert model.input_size == SIZE
    wide = torch.rand(3, 64, 192)  # letterboxed at half scale, padded at the bottom
    exact = torch.rand(3, *SIZE)
    found = model.detect([wide, exact])
    assert len(found) == 2
    assert len(found[0]) > 0
    assert float(found[0].boxes[:, 0::2].max()) <= 192.0
    assert float(found[0].boxes[:, 1::2].max()) <= 64.0
    direct = model.run(exact[None])
    assert compare_detections(found[1:], direct, max_detections=100).passed


def test_a_changed_file_is_refused(exported: ExportResult, tmp_path: Path) -> None:
    target = _copy(exported, tmp_path)
    with target.open("ab") as stream:
        stream.write(b"\0")
    with pytest.raises(ExportError, match=r"its SHA-256 is [0-9a-f]{12}\.\.\., the sidecar says"):
        ExportedDetector.load(target)


def test_a_missing_or_bad_sidecar_is_refused(exported: ExportResult, tmp_path: Path) -> None:
    target = _copy(exported, tmp_path)
    sidecar_path(target).write_text('{"format": "onnx"}')
    with pytest.raises(ExportError, match=r"cannot load the sidecar .*: fields \[.*\] are missing"):
        ExportedDetector.load(target)
    sidecar_path(target).unlink()
    with pytest.raises(ExportError, match=r"its sidecar .*model\.pt2\.json is missing"):
        ExportedDetector.load(target)


def test_bad_images_get_a_shape_error(exported: ExportResult) -> None:
    model = ExportedDetector.load(exported.path)
    with pytest.raises(ShapeError, match=r"ExportedDetector\.detect: argument 'images\[1\]'"):
        model.detect([torch.rand(3, 10, 10), torch.zeros(10, 10, 3, dtype=torch.uint8)])
    assert model.detect([]) == []
    with pytest.raises(ShapeError, match=r"ExportedDetector\.run: argument 'batch'"):
        model.run(torch.rand(1, 3, 32, 32))


def test_a_runtime_for_a_pt2_file_or_an_unknown_runtime_is_refused(
    exported: ExportResult,
) -> None:
    with pytest.raises(
        ExportError, match=r"a \.pt2 file runs in torch only; fix: drop the runtime"
    ):
        ExportedDetector.load(exported.path, runtime="openvino")
    with pytest.raises(ExportError, match=r"runtime 'tflite': expected one of \['onnxruntime'"):
        ExportedDetector.load(exported.path, runtime="tflite")  # type: ignore[arg-type]  # a user's typo
    assert ExportedDetector.load(exported.path).runtime == "torch"
