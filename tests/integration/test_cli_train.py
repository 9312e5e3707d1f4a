"""``plugtrain train / evaluate`` end to end, resume, kill -9, and DDP."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.runs import train_from_config
from plugtrain.training import Callback, TrainContext, TrainState, load_checkpoint
from tests.integration.runs import train_on_two_ranks, write_experiment

runner = CliRunner()


def _step_losses(metrics_log: Path) -> dict[int, float]:
    """The total loss per step (a resumed run logs the replayed steps again: last wins)."""
    losses: dict[int, float] = {}
    for line in metrics_log.read_text().splitlines():
        record = json.loads(line)
        if record["kind"] == "step":
            losses[int(record["step"])] = float(record["loss/total"])
    return losses


def test_train_evaluate_from_the_command_line(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    result = runner.invoke(app, ["train", str(config), "train.epochs=2"])
    assert result.exit_code == 0, result.output
    run = tmp_path / "run"
    summary = json.loads((run / "summary.json").read_text())
    assert {"map", "map50", "map75", "epochs", "steps", "wall_seconds", "checkpoint"} <= set(
        summary
    )
    assert (summary["epochs"], summary["steps"]) == (2, 8)
    assert 0.0 <= summary["map50"] <= 1.0
    assert load_checkpoint(Path(summary["checkpoint"])).step == 8
    for picture in ("training_curve.png", "val_predictions.png"):
        assert (run / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    steps = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in steps if r["kind"] == "step"] == list(range(1, 9))

    results = tmp_path / "results.json"
    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"], "--results", str(results)])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["map50"] == pytest.approx(summary["map50"])
    assert all(r["category_id"] in {1, 2, 3} for r in json.loads(results.read_text()))


def test_invalid_config_trains_nothing_and_says_where(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    result = runner.invoke(app, ["train", str(config), "model.head.num_classes=5"])
    assert result.exit_code == 1
    assert "model.head.num_classes" in result.output
    assert "nothing was trained" in result.output
    assert not (tmp_path / "run").exists()


class KilledError(Exception):
    pass


class KillAt(Callback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        if state.step == self.step:
            raise KilledError


def test_resume_reproduces_an_uninterrupted_run_with_augmentation_and_workers(
    tmp_path: Path,
) -> None:
    whole = load_config(write_experiment(tmp_path, epochs=2, workers=2, output="whole"))
    train_from_config(whole)
    expected = _step_losses(tmp_path / "whole" / "metrics.jsonl")

    split = load_config(write_experiment(tmp_path, epochs=2, workers=2, output="split"))
    with pytest.raises(KilledError):  # dies during step 7; the last checkpoint is of step 6
        train_from_config(split, extra_callbacks=(KillAt(7),))
    assert load_checkpoint(tmp_path / "split" / "checkpoints" / "last.json").step == 6
    summary = train_from_config(split, resume=True)
    assert summary.steps == 8
    assert _step_losses(tmp_path / "split" / "metrics.jsonl") == expected


def test_kill_9_during_training_leaves_a_loadable_checkpoint(tmp_path: Path) -> None:
    config = write_experiment(tmp_path, epochs=40, train_images=32)
    process = subprocess.Popen(
        [sys.executable, "-m", "plugtrain", "train", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    last = tmp_path / "run" / "checkpoints" / "last.json"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not last.exists():
            time.sleep(0.2)
        assert last.exists(), "no checkpoint was written"
        time.sleep(1.5)  # land somewhere in the middle of later steps and writes
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    checkpoint = load_checkpoint(last)
    assert checkpoint.step > 0
    # what a kill between creating a temporary and renaming it leaves (0 bytes)
    stale = last.parent / ".last.json.0badc0de.plugtrain-tmp"
    stale.write_bytes(b"")
    resumed = runner.invoke(app, ["train", str(config), "train.epochs=41", "--resume"])
    assert resumed.exit_code == 1  # a different schedule: refused, not silently mixed
    assert "these keys differ: train.epochs" in resumed.output
    assert not stale.exists()
    assert load_checkpoint(last).step == checkpoint.step


def test_a_second_train_into_the_same_folder_needs_resume_or_overwrite(tmp_path: Path) -> None:
    config = write_experiment(tmp_path, epochs=1)
    assert runner.invoke(app, ["train", str(config)]).exit_code == 0
    run = tmp_path / "run"
    best = (run / "checkpoints" / "best.json").read_bytes()
    again = runner.invoke(app, ["train", str(config), "train.optimizer.lr=0.5"])
    assert again.exit_code == 1
    assert "already holds a finished run" in again.output
    assert "--resume" in again.output
    assert "--overwrite" in again.output
    assert (run / "checkpoints" / "best.json").read_bytes() == best
    notes = run / "notes.md"
    notes.write_text("mine")
    replaced = runner.invoke(app, ["train", str(config), "--overwrite"])
    assert replaced.exit_code == 0, replaced.output
    assert "--overwrite: deleted 8 file(s) of the earlier run" in replaced.output
    assert notes.read_text() == "mine"
    steps = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in steps if r["kind"] == "step"] == [1, 2, 3, 4]  # not appended


def test_ddp_two_ranks_keep_equal_weights_and_only_rank_0_writes(tmp_path: Path) -> None:
    config = write_experiment(tmp_path, epochs=2)
    result = train_on_two_ranks(config, port=29531)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["world_size"] == 2
    digests = summary["weight_digests"]
    assert len(digests) == 2
    assert digests[0] == digests[1]
    # 16 images, batch 4, 2 ranks: 2 steps per epoch on each rank; logged once, by rank 0
    assert summary["steps"] == 4
    records = (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
    assert sum(json.loads(r)["kind"] == "step" for r in records) == 4
