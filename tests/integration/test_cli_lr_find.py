"""``plugtrain lr-find`` and ``train.optimizer.lr: auto`` end to end."""

import json
from pathlib import Path

from typer.testing import CliRunner

from plugtrain.cli import app
from tests.integration.runs import write_experiment

runner = CliRunner()


def test_lr_find_sweeps_plots_and_prints_the_rule(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    out = tmp_path / "sweep.png"

    result = runner.invoke(
        app,
        ["lr-find", str(config), "data.batch_size=2", "--steps", "12", "--out", str(out)],
        catch_exceptions=False,
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rule"] in ("steepest", "minimum/10")
    assert 1e-7 <= report["suggestion"] <= 1.0
    assert 2 <= report["steps"] <= 12
    assert f"rule {report['rule']}: suggested lr" in result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lr_find_refuses_a_bad_config_or_range_and_says_why(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    bad = runner.invoke(app, ["lr-find", str(config), "train.optimizer.lr=fast"])
    assert bad.exit_code == 1
    assert "train.optimizer.lr" in bad.stderr
    assert "expected a number or auto, got 'fast'" in bad.stderr
    assert "no sweep was run" in bad.stderr

    reversed_range = runner.invoke(
        app, ["lr-find", str(config), "--min-lr", "0.1", "--max-lr", "0.01"]
    )
    assert reversed_range.exit_code == 1
    assert "expected 0 < min_lr < max_lr <= 10" in reversed_range.stderr

    rule = runner.invoke(app, ["lr-find", str(config), "--rule", "valley"])
    assert rule.exit_code == 2
    assert "--rule must be steepest or minimum/10, got 'valley'" in rule.stderr
