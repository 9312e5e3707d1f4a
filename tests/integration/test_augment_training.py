"""Training with mosaic and IoU crop on, from the command line and resumed exactly."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.runs import train_from_config
from plugtrain.training import Callback, TrainContext, TrainState
from tests.integration.runs import write_experiment

AUGMENT = [
    "data.augment.mosaic={p: 1.0}",
    "data.augment.crop={type: iou, p: 1.0}",
    "data.augment.vflip=0.5",
    "data.augment.min_visible=0.3",
]


def _step_losses(metrics_log: Path) -> dict[int, float]:
    losses: dict[int, float] = {}
    for line in metrics_log.read_text().splitlines():
        record = json.loads(line)
        if record["kind"] == "step":
            losses[int(record["step"])] = float(record["loss/total"])
    return losses


class StopError(Exception):
    pass


class StopAt(Callback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        if state.step == self.step:
            raise StopError


def test_mosaic_and_crop_train_and_resume_to_the_same_losses(tmp_path: Path) -> None:
    config = write_experiment(tmp_path, epochs=2, workers=2, output="whole")
    result = CliRunner().invoke(app, ["train", str(config), *AUGMENT])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "whole" / "summary.json").read_text())
    assert (summary["epochs"], summary["steps"]) == (2, 8)
    expected = _step_losses(tmp_path / "whole" / "metrics.jsonl")
    assert len(expected) == 8

    # Mosaics draw three more images per sample; the per-sample seeding still makes a
    # resumed run see exactly the batches of the uninterrupted one.
    split = load_config(write_experiment(tmp_path, epochs=2, workers=2, output="split"), AUGMENT)
    with pytest.raises(StopError):
        train_from_config(split, extra_callbacks=(StopAt(7),))
    train_from_config(split, resume=True)
    assert _step_losses(tmp_path / "split" / "metrics.jsonl") == expected
