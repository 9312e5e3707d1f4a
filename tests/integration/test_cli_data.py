"""``plugtrain data synth|check|inspect`` driven as a user would, through the CLI."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app

runner = CliRunner()


@pytest.fixture
def shapes(tmp_path: Path) -> Path:
    result = runner.invoke(
        app,
        [
            "data",
            "synth",
            "--out",
            str(tmp_path / "shapes"),
            "--num-train",
            "4",
            "--num-val",
            "2",
            "--size",
            "64",
            "--seed",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 4 training images" in result.output
    return tmp_path / "shapes"


def _check(shapes: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "data",
            "check",
            "--images",
            str(shapes / "train"),
            "--annotations",
            str(shapes / "train.json"),
            *extra,
        ],
    )


def test_synth_then_check_is_clean(shapes: Path) -> None:
    assert sorted(p.name for p in shapes.iterdir()) == ["train", "train.json", "val", "val.json"]

    text = _check(shapes)
    as_json = _check(shapes, "--format", "json")

    assert text.exit_code == 0, text.output
    assert "OK: no problems" in text.output
    assert as_json.exit_code == 0
    document = json.loads(as_json.stdout)
    assert document["ok"] is True
    assert document["problems"] == []
    assert document["summary"]["image_records"] == 4


def test_check_reports_planted_problems_and_exits_1(shapes: Path) -> None:
    (shapes / "train" / "000002.png").unlink()
    annotation_file = shapes / "train.json"
    document = json.loads(annotation_file.read_text())
    document["annotations"][0]["bbox"] = [1, 2, float("nan"), 3]
    document["annotations"][1]["image_id"] = 55
    annotation_file.write_text(json.dumps(document))

    text = _check(shapes)
    as_json = _check(shapes, "--format", "json")

    assert text.exit_code == 1
    assert "image_missing [image=2]" in text.output
    assert "bbox_not_finite [image=1 annotation=1]" in text.output
    assert "annotation_image_unknown [image=55 annotation=2]" in text.output
    assert "3 problems" in text.output
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)  # exactly one JSON object on stdout
    assert report["ok"] is False
    assert {(p["code"], p["image_id"], p["annotation_id"]) for p in report["problems"]} == {
        ("image_missing", 2, None),
        ("bbox_not_finite", 1, 1),
        ("annotation_image_unknown", 55, 2),
    }
    assert set(report["problems"][0]) == {"code", "image_id", "annotation_id", "file", "message"}
    assert report["summary"]["by_code"] == {
        "annotation_image_unknown": 1,
        "bbox_not_finite": 1,
        "image_missing": 1,
    }


def test_check_of_a_file_that_is_not_json(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "bad.json").write_text("{oops")

    result = runner.invoke(
        app,
        [
            "data",
            "check",
            "--images",
            str(tmp_path / "images"),
            "--annotations",
            str(tmp_path / "bad.json"),
            "--format",
            "json",
        ],
    )

    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems] == ["json_invalid"]
    assert "line 1, column 2" in problems[0]["message"]


def test_inspect_writes_a_grid_and_prints_counts(shapes: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "data",
            "inspect",
            "--images",
            str(shapes / "val"),
            "--annotations",
            str(shapes / "val.json"),
            "--out",
            str(tmp_path / "inspect"),
            "--num-samples",
            "2",
        ],
    )

    assert result.exit_code == 0, result.output
    assert "2 images," in result.output
    assert "box size sqrt(w*h) px" in result.output
    assert (tmp_path / "inspect" / "samples.png").is_file()


def test_inspect_of_an_unusable_set_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[]")

    result = runner.invoke(
        app,
        [
            "data",
            "inspect",
            "--images",
            str(tmp_path),
            "--annotations",
            str(tmp_path / "a.json"),
            "--out",
            str(tmp_path / "o"),
        ],
    )

    assert result.exit_code == 1
    assert "json_structure" in result.output


def test_installed_command_prints_only_json_on_stdout(shapes: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from plugtrain.cli import main; main()",
            "data",
            "check",
            "--images",
            str(shapes / "val"),
            "--annotations",
            str(shapes / "val.json"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["ok"] is True
