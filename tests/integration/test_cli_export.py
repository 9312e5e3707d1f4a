"""``plugtrain export`` on a checkpoint trained here, driven as a user drives it."""

import json
import re
from pathlib import Path

import numpy as np
import onnxruntime
import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.export import ExportedDetector, ImageParity, ParityReport, synthetic_check_images
from plugtrain.runs import train_from_config
from tests.integration.runs import write_experiment

runner = CliRunner()


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("run")
    summary = train_from_config(load_config(write_experiment(folder, epochs=1)))
    return Path(summary.checkpoint)


def test_export_onnx_with_check_prints_a_passing_table(checkpoint: Path, tmp_path: Path) -> None:
    out = tmp_path / "model.onnx"
    result = runner.invoke(app, ["export", str(checkpoint), "--out", str(out), "--check"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[0])
    assert summary == {
        "file": str(out),
        "sidecar": str(out) + ".json",
        "format": "onnx",
        "input_size": [64, 64],
        "batch": 1,
    }
    assert "max box diff px" in result.stdout
    assert "PASS: max box diff" in result.stdout
    assert "label agreement 100.0%" in result.stdout
    sidecar = json.loads((tmp_path / "model.onnx.json").read_text())
    assert sidecar["class_names"] == ["circle", "square", "triangle"]
    assert sidecar["opset"] >= 18

    # the file runs in a plain onnxruntime session, as a user's own script would run it
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["images"]
    image = synthetic_check_images((64, 64), count=1).numpy().astype(np.float32)
    boxes, scores, labels, count = session.run(None, {"images": image})
    assert boxes.shape == (1, 100, 4)
    n = int(count[0])
    assert bool((labels[0, n:] == -1).all())
    assert bool((scores[0, n:] == 0).all())


def test_export_torch_export_with_dynamic_batch_and_another_size(
    checkpoint: Path, tmp_path: Path
) -> None:
    out = tmp_path / "model.pt2"
    result = runner.invoke(
        app,
        [
            "export",
            str(checkpoint),
            "--format",
            "torch-export",
            "--out",
            str(out),
            "--image-size",
            "96",
            "128",
            "--dynamic-batch",
            "--check",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "PASS" in result.stdout
    model = ExportedDetector.load(out)
    assert model.input_size == (96, 128)
    assert model.metadata.batch_size is None
    assert len(model.detect([synthetic_check_images((40, 50), count=1)[0]] * 5)) == 5


def test_a_failing_check_prints_fail_and_exits_1(
    checkpoint: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plugtrain.export

    def disagreeing(*_: object) -> ParityReport:
        image = ImageParity(eager=3, exported=3, matched=2, max_box_diff_px=0.5, max_score_diff=0)
        return ParityReport(images=(image,), box_tolerance_px=1e-3, score_tolerance=1e-4)

    monkeypatch.setattr(plugtrain.export, "check_export", disagreeing)
    result = runner.invoke(
        app,
        [
            "export",
            str(checkpoint),
            "--format",
            "torch-export",
            "--out",
            str(tmp_path / "m.pt2"),
            "--check",
        ],
    )
    assert result.exit_code == 1
    assert "FAIL: max box diff 5.00e-01 px (limit 0.001)" in result.stdout
    assert "label agreement 66.7%" in result.stdout


def test_the_export_examples_of_the_deploy_page_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    section = page.split("\n## Export\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/deploy.md", "exec"), namespace)
    assert (tmp_path / "model.onnx.json").is_file()
    assert namespace["count"] is not None


def test_a_missing_checkpoint_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "[PT500]" in result.output
    assert list(tmp_path.iterdir()) == []
