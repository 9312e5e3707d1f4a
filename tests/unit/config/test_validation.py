"""plugtrain.validation: the stages after the schema, and every problem at once."""

from pathlib import Path

import pytest

from plugtrain.errors import ConfigError
from plugtrain.validation import validate_config, validate_config_text
from tests.unit.config.workspace import REFERENCE

TEXT = REFERENCE.read_text()


@pytest.mark.usefixtures("workspace")
def test_problems_of_every_stage_at_once() -> None:
    text = (
        TEXT.replace("out_levels: [3, 4, 5]  ", "out_levels: [4, 5]")  # parts
        .replace("images: data/shapes/val", "images: data/shapes/nowhere")  # files
        .replace("epochs: 12", "epochs: -1")  # schema
    )
    report = validate_config_text(text, file="c.yaml", dry_run=False)
    assert [(i.loc, i.line, i.code) for i in report.issues] == [
        ("model.neck", 13, "incompatible-parts"),
        ("data.val.images", 32, "path-missing"),
        ("train.epochs", 38, "value"),
    ]
    assert report.config is None
    assert report.summary.problems == 3


@pytest.mark.usefixtures("workspace")
def test_without_a_neck_the_head_takes_the_backbone_levels() -> None:
    text = TEXT.replace(
        "    type: resnet            #", "    type: tiny\n    channels: [48, 48, 48, 48]\n    #"
    )
    for key in ("depth", "frozen_stages", "norm", "weights"):
        text = "\n".join(line for line in text.splitlines() if not line.startswith(f"    {key}:"))
    text = text.replace(
        "  neck:\n    type: fpn\n    channels: 256\n    out_levels: [3, 4, 5, 6, 7]", "  neck: null"
    )
    # the head's own rules run when the model is built (the dry run)
    report = validate_config_text(text, file="c.yaml")
    (issue,) = report.issues
    assert (issue.loc, issue.code) == ("model.head.norm", "incompatible-parts")
    assert (
        "norm: gn does not fit the channels it receives: FCOSHead: argument 'norm' received "
        "\"'gn' over 48 channels\"" in issue.message
    )
    fixed = validate_config_text(text.replace("[48, 48, 48, 48]", "[64, 64, 64, 64]"))
    assert fixed.ok
    assert fixed.summary.largest_stride == 32
    assert "neck_levels" not in fixed.summary.to_json()


@pytest.mark.usefixtures("workspace")
def test_the_report_as_json_and_as_an_exception() -> None:
    report = validate_config(REFERENCE, ["model.head.num_classes=5"], dry_run=False)
    payload = report.as_json()
    assert payload["ok"] is False
    assert payload["errors"] == [
        {
            "loc": "model.head.num_classes",
            "file": "<override 1: model.head.num_classes=5>",
            "line": 1,
            "column": 24,
            "code": "num-classes-mismatch",
            "severity": "error",
            "message": "num_classes is 5 but data/shapes/train.json has 3 categories "
            "(circle, square, triangle); set num_classes: 3",
        }
    ]
    with pytest.raises(ConfigError, match=r"1 problem in the config"):
        report.raise_if_invalid()
    valid = validate_config(REFERENCE, dry_run=False)
    assert valid.raise_if_invalid().train.epochs == 12


def test_images_in_subfolders_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.unit.config.workspace import write_coco

    monkeypatch.chdir(tmp_path)
    write_coco(Path("ann.json"), Path("imgs"), 16)
    text = (
        Path("ann.json")
        .read_text()
        .replace('"file_name": "000001.png"', '"file_name": "sub/000001.png"')
    )
    Path("ann.json").write_text(text)
    config = (
        "model: {backbone: {type: resnet, depth: 18}, head: {type: fcos, num_classes: 3}}\n"
        "data: {train: {images: imgs, annotations: ann.json}}\n"
    )
    (issue,) = validate_config_text(config, dry_run=False).issues
    assert issue.code == "images-missing"
    assert "1 of the 16 images named in ann.json are not in imgs (sub/000001.png)" in issue.message
    (tmp_path / "imgs" / "sub").mkdir()
    (tmp_path / "imgs" / "000001.png").rename(tmp_path / "imgs" / "sub" / "000001.png")
    assert validate_config_text(config, dry_run=False).ok


def test_an_unwritable_output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tests.unit.config.workspace import make_workspace

    make_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        report = validate_config(REFERENCE, [f"train.output_dir={locked}/run"], dry_run=False)
        if os.access(locked, os.W_OK):  # running as root: every folder is writable
            assert report.ok
        else:
            (issue,) = report.issues
            assert (issue.loc, issue.code) == ("train.output_dir", "output-dir")
            assert f"nothing can be created in {locked} (Permission denied)" in issue.message
    finally:
        locked.chmod(0o700)
    assert not list(locked.iterdir())  # the probe leaves nothing behind


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
@pytest.mark.usefixtures("workspace")
def test_an_output_dir_where_nothing_can_be_created_even_by_root() -> None:
    (issue,) = validate_config(
        REFERENCE, ["train.output_dir=/proc/plugtrain/run"], dry_run=False
    ).issues
    assert (issue.loc, issue.code, issue.file) == (
        "train.output_dir",
        "output-dir",
        "<override 1: train.output_dir=/proc/plugtrain/run>",
    )
    assert "output_dir /proc/plugtrain/run cannot be created: nothing can be created in /proc" in (
        issue.message
    )


@pytest.mark.usefixtures("workspace")
@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ('"data/\\0shapes"', "path-unreadable", "cannot be looked at: embedded null byte"),
        ("x" * 5000, "path-unreadable", "cannot be looked at: File name too long"),
    ],
)
def test_paths_that_cannot_be_looked_at(value: str, code: str, words: str) -> None:
    text = TEXT.replace("images: data/shapes/val", f"images: {value}")
    (issue,) = validate_config_text(text, dry_run=False).issues
    assert (issue.loc, issue.code) == ("data.val.images", code)
    assert words in issue.message


def test_a_config_path_that_is_a_folder(tmp_path: Path) -> None:
    (issue,) = validate_config(tmp_path, dry_run=False).issues
    assert (issue.loc, issue.code, issue.line) == ("", "path-type", None)
    assert issue.message == f"config path {tmp_path} is a folder, not a file"
