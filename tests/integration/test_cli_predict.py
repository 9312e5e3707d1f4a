"""``plugtrain predict`` on a checkpoint that ``plugtrain train`` wrote, as a user runs it."""

import json
from pathlib import Path

from typer.testing import CliRunner

from plugtrain.cli import app
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
