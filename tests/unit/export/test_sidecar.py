"""The sidecar: a frozen, versioned pydantic record; every bad field is named on load."""

import json
from pathlib import Path

import pydantic
import pytest

from plugtrain.errors import ExportError
from plugtrain.export import SIDECAR_VERSION, ExportMetadata, OutputSpec

DIGEST = "ab" * 32


def _metadata() -> ExportMetadata:
    return ExportMetadata(
        format="onnx",
        file_name="model.onnx",
        class_names=("cat", "dog"),
        input_name="images",
        input_size=(64, 96),
        input_layout="NCHW",
        input_dtype="float32",
        input_range=(0.0, 1.0),
        batch_size=None,
        outputs=(OutputSpec(name="boxes", shape="[N, K, 4]", dtype="float32", meaning="xyxy"),),
        max_detections=100,
        score_threshold=0.05,
        nms_iou_threshold=0.6,
        plugtrain_version="0.1.0",
        torch_version="2.14.1",
        opset=18,
        weights_sha256=DIGEST,
        file_sha256=DIGEST,
    )


def _load(raw: object) -> ExportMetadata:
    return ExportMetadata.from_json(json.dumps(raw), path=Path("model.onnx.json"))


def test_round_trip_keeps_every_field_and_writes_the_version() -> None:
    metadata = _metadata()
    raw = json.loads(metadata.to_json())
    assert raw["sidecar_version"] == SIDECAR_VERSION == 1
    assert _load(raw) == metadata


def test_the_record_is_frozen() -> None:
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        _metadata().batch_size = 2


def test_a_sidecar_without_a_version_reads_as_version_1() -> None:
    raw = json.loads(_metadata().to_json())
    del raw["sidecar_version"]
    assert _load(raw).sidecar_version == 1


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"sidecar_version": 2}, r"its sidecar_version is 2, this plugtrain reads version 1"),
        ({"batch_size": "1"}, r"batch_size: Input should be a valid integer"),
        ({"input_size": [0, 96]}, r"input_size\.0: Input should be greater than or equal to 1"),
        ({"format": "tflite"}, r"format: Input should be 'onnx' or 'torch-export'"),
        ({"file_sha256": "xyz"}, r"file_sha256: String should match pattern"),
        ({"pickle": True}, r"pickle: Extra inputs are not permitted"),
    ],
)
def test_a_bad_field_is_named(change: dict[str, object], text: str) -> None:
    raw = {**json.loads(_metadata().to_json()), **change}
    with pytest.raises(ExportError, match=r"cannot load the sidecar model\.onnx\.json: " + text):
        _load(raw)


def test_text_that_is_no_json_object_is_refused() -> None:
    path = Path("model.onnx.json")
    with pytest.raises(ExportError, match=r"it is not JSON \(Invalid JSON"):
        ExportMetadata.from_json("{", path=path)
    with pytest.raises(ExportError, match="it is not a JSON object"):
        ExportMetadata.from_json("[1, 2]", path=path)
    with pytest.raises(ExportError, match=r"fix: export the model again with plugtrain export"):
        ExportMetadata.from_json('{"format": "onnx"}', path=path)
