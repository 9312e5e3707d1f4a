"""Hostile configs and overrides through ``plugtrain validate``: no traceback, no hang, the
right code and message, placed where the mistake is."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import MAX_EXPANDED_NODES
from tests.unit.config.workspace import REFERENCE, make_workspace

runner = CliRunner()

_PARTS = "model: {backbone: {type: tiny}, head: {type: fcos, num_classes: 3}}\n"
_ANCHORED = (
    _PARTS + "data:\n"
    "  train: &ds {images: data/shapes/train, annotations: data/shapes/train.json}\n"
    "  val: *ds\n"
)

Issue = dict[str, object]


@pytest.fixture(scope="module")
def workspace_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def workspace(workspace_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(workspace_root)
    return workspace_root


def _validate(*args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["validate", *args, "--no-dry-run", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    payload: object = json.loads(result.stdout)  # one JSON object: no traceback
    assert isinstance(payload, dict)
    return result.exit_code, cast(dict[str, object], payload)


def _errors(payload: dict[str, object]) -> list[Issue]:
    return cast(list[Issue], payload["errors"])


def _one_error(*args: str) -> Issue:
    code, payload = _validate(*args)
    assert code == 1
    (error,) = _errors(payload)
    return error


# --- overrides --------------------------------------------------------------------------


@pytest.mark.usefixtures("workspace")
def test_an_override_does_not_write_through_a_yaml_alias(tmp_path: Path) -> None:
    config = tmp_path / "anchored.yaml"
    config.write_text(_ANCHORED)
    code, payload = _validate(
        str(config), "data.val.images=data/shapes/val", "data.val.annotations=data/shapes/val.json"
    )
    assert code == 0, payload
    summary = cast(dict[str, object], payload["summary"])
    # train keeps its 72 images; only val became the 8-image set
    assert (summary["train_images"], summary["val_images"]) == (72, 8)
    error = _one_error(str(config), "data.val.images=data/nowhere")
    assert (error["loc"], error["code"]) == ("data.val.images", "path-missing")
    assert error["file"] == "<override 1: data.val.images=data/nowhere>"


@pytest.mark.usefixtures("workspace")
def test_an_override_does_not_write_through_a_merge_key(tmp_path: Path) -> None:
    config = tmp_path / "merged.yaml"
    config.write_text(
        _PARTS + "base: &ds {images: data/shapes/train, annotations: data/shapes/train.json}\n"
        "data:\n  train: {<<: *ds}\n  val: {<<: *ds}\n"
    )
    code, payload = _validate(str(config), "data.val.images=data/nowhere")
    assert code == 1
    locs = {(e["loc"], e["code"]) for e in _errors(payload)}
    assert ("data.val.images", "path-missing") in locs
    assert ("data.train.images", "path-missing") not in locs


@pytest.mark.usefixtures("workspace")
def test_a_bad_list_element_set_by_an_override_is_placed_at_the_override() -> None:
    error = _one_error(str(REFERENCE), "data.image_size.1=0")
    assert error["file"] == "<override 1: data.image_size.1=0>"
    assert (error["line"], error["column"], error["code"]) == (1, 19, "value")
    assert "must be greater than or equal to 1 (element 2), got 0" in str(error["message"])


@pytest.mark.usefixtures("workspace")
def test_an_element_of_a_list_that_is_not_there_is_an_override_error(tmp_path: Path) -> None:
    config = tmp_path / "minimal.yaml"
    config.write_text(
        _PARTS + "data: {train: {images: data/shapes/train, annotations: data/shapes/train.json}}\n"
    )
    error = _one_error(str(config), "data.image_size.0=-1")
    assert error["file"] == "<override 1: data.image_size.0=-1>"
    assert error["code"] == "override-path"
    assert "data.image_size is not set; set the whole list instead" in str(error["message"])


# --- reading ----------------------------------------------------------------------------


@pytest.mark.usefixtures("workspace")
def test_a_long_plain_list_is_not_an_alias_bomb(tmp_path: Path) -> None:
    config = tmp_path / "long.yaml"
    count = MAX_EXPANDED_NODES + 10_000
    config.write_text(REFERENCE.read_text() + "extra: [" + ", ".join(["1"] * count) + "]\n")
    code, payload = _validate(str(config))
    assert code == 1
    assert [(e["loc"], e["code"]) for e in _errors(payload)] == [("extra", "unknown-key")]


@pytest.mark.usefixtures("workspace")
def test_a_config_over_1_mib_is_refused_before_parsing(tmp_path: Path) -> None:
    config = tmp_path / "huge.yaml"
    config.write_text("a: 1\n" * 400_000)  # 2 MB
    error = _one_error(str(config))
    assert error["code"] == "too-large"
    assert f"config file {config} is 2,000,000 bytes or more" in str(error["message"])
    assert "reads at most 1,048,576 bytes (1 MiB)" in str(error["message"])


@pytest.mark.usefixtures("workspace")
def test_a_folder_or_a_device_is_not_a_config(tmp_path: Path) -> None:
    error = _one_error(str(tmp_path))
    assert (error["code"], error["message"]) == (
        "path-type",
        f"config path {tmp_path} is a folder, not a file",
    )
    error = _one_error("/dev/zero")
    assert (error["code"], error["message"]) == (
        "path-type",
        "config path /dev/zero is a device, not a file",
    )


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)  # nobody ever writes to it: reading it would block forever
    result = subprocess.run(
        [sys.executable, "-m", "plugtrain", "validate", str(fifo), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["code"], error["message"]) == (
        "path-type",
        f"config path {fifo} is a FIFO (named pipe), not a file",
    )


# --- upper bounds -----------------------------------------------------------------------

_BOUNDS = {
    "train.seed=4294967296": (
        "train.seed",
        "must be less than 4294967296, got 4294967296 (an integer) (random seed of the whole "
        "run, in [0, 2**32): the range numpy, torch and Python's random all accept)",
    ),
    "train.epochs=1" + "0" * 400: (
        "train.epochs",
        "must be less than or equal to 100000, got a 401-digit integer (passes over the "
        "training set, at most 100,000: more is a typo that would run for months)",
    ),
    "train.optimizer.lr=1e300": (
        "train.optimizer.lr",
        "must be less than or equal to 10, got 1e+300 (a number) (learning rate, in (0, 10]: "
        "a larger one diverges with any optimiser here; or auto: the LR finder",
    ),
    "data.image_size=[100000,100000]": (
        "data.image_size",
        "must be less than or equal to 8192 (element 1), got 100000 (an integer)",
    ),
    "data.num_workers=1000": (
        "data.num_workers",
        "must be less than or equal to 64, got 1000 (an integer) (data loader worker "
        "processes, at most 64: more than the cores of any machine, each one a Python process)",
    ),
    "data.batch_size=100000000": (
        "data.batch_size",
        "must be less than or equal to 65536, got 100000000 (an integer)",
    ),
}


@pytest.mark.parametrize("override", sorted(_BOUNDS), ids=lambda o: o.split("=")[0])
@pytest.mark.usefixtures("workspace")
def test_a_value_past_its_upper_bound_is_refused_with_the_bound_and_why(override: str) -> None:
    loc, message = _BOUNDS[override]
    error = _one_error(str(REFERENCE), override)
    assert (error["loc"], error["code"]) == (loc, "value")
    assert message in str(error["message"])
    assert str(error["file"]).startswith("<override 1: ")


@pytest.mark.usefixtures("workspace")
def test_a_400_digit_integer_in_the_file_is_a_clean_error(tmp_path: Path) -> None:
    config = tmp_path / "digits.yaml"
    config.write_text(REFERENCE.read_text().replace("epochs: 12", "epochs: 1" + "0" * 400))
    error = _one_error(str(config))
    assert (error["loc"], error["code"]) == ("train.epochs", "value")
    assert "got a 401-digit integer" in str(error["message"])
