"""``plugtrain lr-find`` and ``train.optimizer.lr: auto`` end to end."""

import json
from pathlib import Path

from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.runs import LR_FIND_KIND, train_from_config
from tests.integration.runs import train_on_two_ranks, write_experiment

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
    assert "expected a number, got 'fast' (a string) (learning rate" in bad.stderr
    assert "or auto: the LR finder" in bad.stderr
    assert "no sweep was run" in bad.stderr

    reversed_range = runner.invoke(
        app, ["lr-find", str(config), "--min-lr", "0.1", "--max-lr", "0.01"]
    )
    assert reversed_range.exit_code == 1
    assert "expected 0 < min_lr < max_lr <= 10" in reversed_range.stderr

    rule = runner.invoke(app, ["lr-find", str(config), "--rule", "valley"])
    assert rule.exit_code == 2
    assert "--rule must be steepest or minimum/10, got 'valley'" in rule.stderr


def _records(metrics_log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in metrics_log.read_text().splitlines()]


def _step_losses(records: list[dict[str, object]]) -> list[object]:
    return [r["loss/total"] for r in records if r["kind"] == "step"]


def test_lr_auto_picks_logs_and_trains_from_the_weights_it_would_have_had(
    tmp_path: Path,
) -> None:
    config = write_experiment(tmp_path, epochs=1, output="auto")
    result = runner.invoke(
        app, ["train", str(config), "train.optimizer.lr=auto", "data.batch_size=2"]
    )
    assert result.exit_code == 0, result.output
    assert "lr: auto -> " in result.stderr
    records = _records(tmp_path / "auto" / "metrics.jsonl")
    (choice,) = [r for r in records if r["kind"] == LR_FIND_KIND]
    assert choice["rule"] in ("steepest", "minimum/10")
    lr = choice["lr"]
    assert isinstance(lr, float)
    assert 1e-7 < lr < 1.0
    summary = json.loads((tmp_path / "auto" / "summary.json").read_text())
    assert (summary["lr"], summary["lr_rule"]) == (lr, choice["rule"])

    # The same run with that lr written in: the sweep left weights, optimiser and random
    # state as they were, so every step's loss is the same.
    fixed = load_config(
        write_experiment(tmp_path, epochs=1, output="fixed"),
        [f"train.optimizer.lr={lr!r}", "data.batch_size=2"],
    )
    train_from_config(fixed)
    expected = _step_losses(_records(tmp_path / "fixed" / "metrics.jsonl"))
    assert _step_losses(records) == expected


def test_lr_auto_under_torchrun_sweeps_on_both_ranks_and_takes_one_choice(
    tmp_path: Path,
) -> None:
    config = write_experiment(tmp_path, epochs=1)
    config.write_text(config.read_text().replace("lr: 0.002", "lr: auto"))

    result = train_on_two_ranks(config, port=29535)

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("lr: auto -> ") == 1  # printed by rank 0 alone
    records = _records(tmp_path / "run" / "metrics.jsonl")
    (choice,) = [r for r in records if r["kind"] == LR_FIND_KIND]
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["world_size"] == 2
    assert (summary["lr"], summary["lr_rule"]) == (choice["lr"], choice["rule"])
    # had the ranks chosen different rates, their weights would differ after the step
    digests = summary["weight_digests"]
    assert digests[0] == digests[1]
