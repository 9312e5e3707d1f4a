"""``plugtrain predict`` on a checkpoint that ``plugtrain train`` wrote, as a user runs it."""

import json
from pathlib import Path

from typer.testing import CliRunner

from plugtrain.cli import app
from tests.inference_helpers import save_tiny_checkpoint, write_image
from tests.integration.runs import write_experiment

runner = CliRunner()


def test_predict_a_folder_with_a_trained_checkpoint(tmp_path: Path) -> None:
    config = write_experiment(tmp_path, epochs=1)
    trained = runner.invoke(app, ["train", str(config)])
    assert trained.exit_code == 0, trained.output
    checkpoint = json.loads((tmp_path / "run" / "summary.json").read_text())["checkpoint"]
    images = tmp_path / "shapes" / "val"
    out = tmp_path / "p"
    predicted = runner.invoke(app, ["predict", checkpoint, str(images), "--out", str(out)])
    assert predicted.exit_code == 0, predicted.output
    summary = json.loads(predicted.stdout)
    assert summary == {
        "predictions": str(out / "predictions.json"),
        "images": 6,
        "failed": 0,
        "skipped": 0,
    }
    results = json.loads((out / "predictions.json").read_text())
    assert results["errors"] == []
    assert len(results["images"]) == 6
    for record in results["images"]:
        assert (record["width"], record["height"]) == (64, 64)
        assert (out / record["drawn"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert record["drawn"] == Path(record["source"]).name + ".png"
        for detection in record["detections"]:
            assert detection["class_name"] in {"circle", "square", "triangle"}
            assert 0.3 <= detection["score"] <= 1.0
    assert len(list(out.glob("*.png"))) == 6


def test_predict_with_an_onnx_file_in_each_runtime_agrees(tmp_path: Path) -> None:
    checkpoint = save_tiny_checkpoint(tmp_path)
    images = tmp_path / "images"
    images.mkdir()
    for seed in range(2):
        write_image(images / f"{seed}.png", size=(48, 80), seed=seed)
    onnx_file = tmp_path / "tiny.onnx"
    exported = runner.invoke(app, ["export", str(checkpoint), "--out", str(onnx_file)])
    assert exported.exit_code == 0, exported.output
    found: dict[str, list[list[int]]] = {}
    for runtime in ("onnxruntime", "openvino"):
        out = tmp_path / runtime
        args = ["predict", str(onnx_file), str(images), "--out", str(out), "--runtime", runtime]
        predicted = runner.invoke(app, [*args, "--score-threshold", "0.05"])
        assert predicted.exit_code == 0, predicted.output
        records = json.loads((out / "predictions.json").read_text())["images"]
        found[runtime] = [[d["label"] for d in r["detections"]] for r in records]
    assert found["onnxruntime"] == found["openvino"]
    assert any(found["openvino"]), "the livened tiny head detects something"
    refused = runner.invoke(
        app,
        [
            "predict",
            str(checkpoint),
            str(images),
            "--out",
            str(tmp_path / "x"),
            "--runtime",
            "openvino",
        ],
    )
    assert refused.exit_code == 1
    assert "a runtime runs .onnx files only" in refused.output
