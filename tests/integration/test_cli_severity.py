"""Errors refuse a config, warnings are shown and let it run; ``--strict`` refuses both."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from tests.integration.runs import write_experiment

runner = CliRunner()

# 12 images at batch_size 4: 3 steps per epoch, 3 steps in the 1-epoch run
LONG_WARMUP = "train.scheduler.warmup_steps=50"
WARMUP_TEXT = (
    "[schedule] warmup_steps 50 is not shorter than the run: 1 epochs x 3 steps "
    "(ceil(12 images / batch_size 4)) = 3 steps"
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_experiment(tmp_path, epochs=1, train_images=12)


def test_a_warning_only_config_is_valid_and_shows_the_warning(config: Path) -> None:
    # as a user runs it: the console script's module, a real process, the dry run on
    result = subprocess.run(
        [sys.executable, "-m", "plugtrain", "validate", str(config), LONG_WARMUP],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warnings (1):" in result.stdout
    assert WARMUP_TEXT in result.stdout
    assert "errors (" not in result.stdout
    assert "valid (1 warning)" in result.stdout
    assert "activations (estimate)" in result.stdout  # the dry run ran despite the warning


def test_strict_turns_the_warning_into_an_error(config: Path) -> None:
    result = runner.invoke(app, ["validate", str(config), LONG_WARMUP, "--no-dry-run", "--strict"])
    assert result.exit_code == 1
    assert "errors (1):" in result.stdout
    assert WARMUP_TEXT in result.stdout
    assert "invalid: 1 error" in result.stdout
    as_json = runner.invoke(
        app, ["validate", str(config), LONG_WARMUP, "--no-dry-run", "--strict", "--format", "json"]
    )
    assert as_json.exit_code == 1
    payload = json.loads(as_json.stdout)
    assert payload["ok"] is False
    assert [(e["code"], e["severity"]) for e in payload["errors"]] == [("schedule", "error")]
    assert payload["warnings"] == []


def test_json_lists_warnings_apart_from_errors(config: Path) -> None:
    args = ["validate", str(config), LONG_WARMUP, "data.batch_size=16", "--no-dry-run"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stdout
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    assert payload["errors"] == []
    found = [(w["loc"], w["code"], w["severity"]) for w in payload["warnings"]]
    assert found == [  # the file's issues by line, then each override's
        ("train.scheduler.warmup_steps", "schedule", "warning"),
        ("data.batch_size", "batch-size", "warning"),
    ]
    # one batch per epoch now: the warmup check counts with the batch the run will use
    assert (
        "1 epochs x 1 steps (ceil(12 images / batch_size 16))" in payload["warnings"][0]["message"]
    )
    batch = payload["warnings"][1]
    assert batch["file"] == "<override 2: data.batch_size=16>"
    assert "batch_size 16 is larger than the 12 training images" in batch["message"]


def test_an_error_only_config_is_refused_without_a_warnings_group(config: Path) -> None:
    result = runner.invoke(app, ["validate", str(config), "model.head.num_classes=5"])
    assert result.exit_code == 1
    assert "errors (1):" in result.stdout
    assert "[num-classes-mismatch] num_classes is 5 but" in result.stdout
    assert "warnings (" not in result.stdout
    assert "invalid: 1 error" in result.stdout
    assert "dry_run: skipped (fix the problems above first)" in result.stdout


def test_errors_and_warnings_are_two_groups_and_the_error_decides(config: Path) -> None:
    result = runner.invoke(
        app, ["validate", str(config), LONG_WARMUP, "model.head.num_classes=5", "--no-dry-run"]
    )
    assert result.exit_code == 1
    errors_at = result.stdout.index("errors (1):")
    warnings_at = result.stdout.index("warnings (1):")
    assert errors_at < result.stdout.index("[num-classes-mismatch]") < warnings_at
    assert warnings_at < result.stdout.index(WARMUP_TEXT)
    assert "invalid: 1 error (1 warning)" in result.stdout


def test_train_shows_the_warnings_then_trains(config: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(config), LONG_WARMUP])
    assert result.exit_code == 0, result.output
    assert f"warning {WARMUP_TEXT}" in result.output
    assert "1 warning(s) in the config; training anyway" in result.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["steps"] == 3


def test_train_refuses_errors_and_shows_the_warnings_too(config: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(config), LONG_WARMUP, "model.head.num_classes=5"])
    assert result.exit_code == 1
    assert "error [num-classes-mismatch]" in result.output
    assert f"warning {WARMUP_TEXT}" in result.output
    assert "1 error(s) in the config; nothing was trained" in result.output
    assert not (tmp_path / "run").exists()
