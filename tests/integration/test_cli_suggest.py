"""``plugtrain suggest`` as a user drives it: suggest on a hard synthetic set, the file
validates, ``plugtrain train`` runs it; the held-out split; the warnings and refusals."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import CocoDatasetConfig, load_config
from plugtrain.data import HardSynthOptions, make_hard_dataset
from plugtrain.validation import validate_config

runner = CliRunner()

_OPTIONS = HardSynthOptions(num_classes=3, image_sizes=((64, 96), (96, 96)), max_objects=4)


@pytest.fixture(scope="module")
def hard_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("suggest") / "hard"
    make_hard_dataset(root, num_train=24, num_val=6, options=_OPTIONS, seed=4)
    return root


def _suggest(root: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "suggest",
            "--images",
            str(root / "train"),
            "--annotations",
            str(root / "train.json"),
            "--time-budget",
            "1",
            "--timed-steps",
            "1",
            "--out",
            str(out),
            "--output-dir",
            str(out.parent / "run"),
            "--device",
            "cpu",
            *extra,
        ],
    )
    return result.exit_code, result.output


def test_suggest_writes_a_config_that_validates_and_trains(
    hard_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "suggested.yaml"
    code, output = _suggest(
        hard_set,
        out,
        "--val-images",
        str(hard_set / "val"),
        "--val-annotations",
        str(hard_set / "val.json"),
    )
    assert code == 0, output
    assert "warning: tiny data set: 24 training images (fewer than 50)" in output
    assert f"wrote {out}: image_size" in output
    text = out.read_text()
    assert "# WARNING: tiny data set: 24 training images" in text
    assert "# the 5th percentile of the boxes' short side is" in text
    assert "# 3 categories in the annotations: circle (" in text
    report = validate_config(out)
    assert report.ok, report.issues
    config = load_config(out)
    assert config.model.head.num_classes == 3
    assert isinstance(config.data.val, CocoDatasetConfig)
    assert config.data.val.annotations == str(hard_set / "val.json")

    trained = runner.invoke(app, ["train", str(out), "train.epochs=1"])
    assert trained.exit_code == 0, trained.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["epochs"] == 1
    assert 0.0 <= summary["map50"] <= 1.0


def test_without_a_val_set_a_split_is_held_out_next_to_the_file(
    hard_set: Path, tmp_path: Path
) -> None:
    out = tmp_path / "conf" / "mine.yaml"
    code, output = _suggest(hard_set, out)
    assert code == 0, output
    config = load_config(out)
    assert isinstance(config.data.val, CocoDatasetConfig)
    assert isinstance(config.data.train, CocoDatasetConfig)
    assert config.data.val.annotations == str(tmp_path / "conf" / "mine.split" / "val.json")
    assert config.data.train.annotations == str(tmp_path / "conf" / "mine.split" / "train.json")
    held_out = json.loads(Path(config.data.val.annotations).read_text())
    assert len(held_out["images"]) == 5  # 20 % of 24
    assert "# no validation set given: 5 of 24 training images held out" in out.read_text()


def test_unusable_data_and_a_half_val_set_are_refused(hard_set: Path, tmp_path: Path) -> None:
    code, output = _suggest(hard_set, tmp_path / "a.yaml", "--val-images", str(hard_set))
    assert code == 1
    assert "--val-images needs --val-annotations" in output
    broken = tmp_path / "broken.json"
    document = json.loads((hard_set / "train.json").read_text())
    document["annotations"][0]["bbox"] = [0, 0, -3, 4]
    broken.write_text(json.dumps(document))
    result = runner.invoke(
        app, ["suggest", "--images", str(hard_set / "train"), "--annotations", str(broken)]
    )
    assert result.exit_code == 1
    assert "the data set has 1 problem(s)" in result.output
    assert "plugtrain data check" in result.output
    assert not (tmp_path / "a.yaml").exists()


def test_train_without_a_config_trains_what_suggest_suggests(
    hard_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = ["--images", str(hard_set / "train"), "--annotations", str(hard_set / "train.json")]
    result = runner.invoke(app, ["train", "train.epochs=1", *data, "--device", "cpu"])
    assert result.exit_code == 0, result.output
    assert "wrote runs/suggested/suggested.yaml: image_size" in result.output
    suggested = tmp_path / "runs" / "suggested" / "suggested.yaml"
    assert validate_config(suggested).ok
    assert (tmp_path / "runs" / "suggested" / "suggested.split" / "val.json").is_file()
    summary = json.loads((tmp_path / "runs" / "suggested" / "summary.json").read_text())
    assert summary["epochs"] == 1

    alone = runner.invoke(app, ["train", "--images", str(hard_set / "train")])
    assert alone.exit_code == 1
    assert "--images and --annotations go together" in alone.output
