"""The autoencoder setup end to end: validate, train, evaluate from the command line, and
its effect: the val reconstruction error falls well below the input variance."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.data import make_shapes_dataset

runner = CliRunner()

_CONFIG = """\
task: {{type: autoencoder}}
model:
  backbone: {{type: tiny, out_levels: [3]}}
  neck: null
  head: {{type: reconstruction}}
data:
  train: {{format: images, images: {data}/train}}
  val: {{format: images, images: {data}/val}}
  image_size: [32, 32]
  batch_size: 16
  num_workers: 0
train:
  epochs: 30
  optimizer: {{type: adamw, lr: 0.003, weight_decay: 0.0}}
  scheduler: {{type: constant}}
  output_dir: {out}
"""


def test_validate_train_evaluate_and_the_error_falls_below_the_variance(tmp_path: Path) -> None:
    make_shapes_dataset(tmp_path / "shapes", num_train=96, num_val=24, size=32, workers=1)
    config = tmp_path / "autoencoder.yaml"
    config.write_text(_CONFIG.format(data=tmp_path / "shapes", out=tmp_path / "run"))

    validated = runner.invoke(app, ["validate", str(config)])
    assert validated.exit_code == 0, validated.output
    assert "reconstruction" in validated.output

    trained = runner.invoke(app, ["train", str(config)])
    assert trained.exit_code == 0, trained.output
    run = tmp_path / "run"
    summary = json.loads((run / "summary.json").read_text())
    assert summary["task"] == "autoencoder"
    assert (summary["epochs"], summary["steps"]) == (30, 180)
    metrics = summary["metrics"]
    # measured: mse 0.15-0.17 against a variance of 0.66 (ratio about 0.24)
    assert metrics["reconstruction_mse"] < 0.35 * metrics["input_variance"]
    assert 0.3 < metrics["input_variance"] < 1.5
    assert (run / "reconstructions.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    again = json.loads(evaluated.stdout)
    assert again["reconstruction_mse"] == pytest.approx(metrics["reconstruction_mse"], rel=1e-4)
    assert again["input_variance"] == pytest.approx(metrics["input_variance"], rel=1e-6)


def test_a_stride_the_image_size_is_no_multiple_of_is_refused_before_training(
    tmp_path: Path,
) -> None:
    make_shapes_dataset(tmp_path / "shapes", num_train=4, num_val=2, size=32, workers=1)
    config = tmp_path / "autoencoder.yaml"
    config.write_text(
        _CONFIG.format(data=tmp_path / "shapes", out=tmp_path / "run").replace(
            "image_size: [32, 32]", "image_size: [36, 36]"
        )
    )
    validated = runner.invoke(app, ["validate", str(config)])
    assert validated.exit_code == 1
    assert "multiple of the encoder's reduction 8" in validated.output
