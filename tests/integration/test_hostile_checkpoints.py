"""Tampered checkpoints through `plugtrain evaluate`, `predict` and `train --resume`.

Each ends with exit code 1 and one `[PT500]` message naming the field and the fix, never a
traceback; the run is trained once (tiny: 64 px, 4 steps) and copied for each case.
"""

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.runs import detector_from_checkpoint, train_from_config
from tests.checkpoint_helpers import replace_tensors, tamper
from tests.integration.runs import CONFIG, write_experiment

runner = CliRunner()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("trained")
    train_from_config(load_config(write_experiment(root, epochs=1)))
    return root


def _copy(trained: Path, tmp_path: Path) -> Path:
    """The trained run's folder in ``tmp_path``, with a config that points at it."""
    shutil.copytree(trained / "run", tmp_path / "run")
    config = tmp_path / "experiment.yaml"
    config.write_text(
        CONFIG.format(root=trained / "shapes", epochs=1, workers=0, output=tmp_path / "run")
    )
    return tmp_path / "run" / "checkpoints" / "last.json"


def _command(name: str, checkpoint: Path, trained: Path) -> list[str]:
    if name == "evaluate":
        return ["evaluate", str(checkpoint)]
    if name == "predict":
        out = checkpoint.parent.parent / "predictions"
        return ["predict", str(checkpoint), str(trained / "shapes" / "val"), "--out", str(out)]
    return ["train", str(checkpoint.parent.parent.parent / "experiment.yaml"), "--resume"]


def _refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.count("[PT500]") == 1
    return result.output


Edit = Callable[[dict[str, Any]], object]


def _drop_config(content: dict[str, Any]) -> None:
    del content["config"]


def _drop_class_names(content: dict[str, Any]) -> None:
    del content["class_names"]


def _unknown_config_key(content: dict[str, Any]) -> None:
    content["config"]["model"]["head"]["anchors"] = 9


def _huge_image_size(content: dict[str, Any]) -> None:
    content["config"]["data"]["image_size"] = [100000, 100000]


def _one_class_more(content: dict[str, Any]) -> None:
    content["class_names"] = ["circle", "square"]


def _short_rng(content: dict[str, Any]) -> None:
    content["rng"]["numpy"]["keys"] = [0] * 10


CASES: list[tuple[str, Edit, str]] = [
    ("evaluate", _drop_config, "checkpoint metadata field 'config' is missing"),
    ("predict", _drop_config, "checkpoint metadata field 'config' is missing"),
    ("predict", _drop_class_names, "checkpoint metadata field 'class_names' is missing"),
    ("evaluate", _unknown_config_key, "field 'config.model.head.fcos.anchors' is invalid"),
    (
        "predict",
        _huge_image_size,
        "field 'config.data.image_size.0' is invalid: Input should be less than or equal to 8192",
    ),
    ("evaluate", _one_class_more, "field 'class_names' holds 2 names but config.model.head"),
    ("train", _short_rng, "field 'rng.numpy.keys' is invalid"),
    ("train", _drop_config, "checkpoint metadata field 'config' is missing"),
]


@pytest.mark.parametrize(("command", "edit", "expected"), CASES)
def test_tampered_metadata_names_the_field(
    trained: Path, tmp_path: Path, command: str, edit: Edit, expected: str
) -> None:
    checkpoint = _copy(trained, tmp_path)
    tamper(checkpoint, edit)
    output = _refused(_command(command, checkpoint, trained))
    assert expected in output
    assert "fix:" in output
    assert str(checkpoint) in output.replace("\n", "")


@pytest.mark.parametrize("command", ["evaluate", "predict", "train"])
def test_a_list_deep_nesting_and_a_5000_digit_step(
    trained: Path, tmp_path: Path, command: str
) -> None:
    checkpoint = _copy(trained, tmp_path)
    original = checkpoint.read_text()
    checkpoint.write_text("[" + original + "]")
    assert "the file holds a JSON list, expected an object" in _refused(
        _command(command, checkpoint, trained)
    )
    checkpoint.write_text("[" * 50_000 + "]" * 50_000)
    assert "nests 50000 levels deep; the limit is 32" in _refused(
        _command(command, checkpoint, trained)
    )
    content = json.loads(original)
    checkpoint.write_text(
        json.dumps({**content, "step": 0}).replace('"step": 0', '"step": ' + "7" * 5000)
    )
    assert "field 'step' holds <a 5000-digit number>" in _refused(
        _command(command, checkpoint, trained)
    )


def test_a_num_classes_that_disagrees_with_the_tensors(trained: Path, tmp_path: Path) -> None:
    checkpoint = _copy(trained, tmp_path)

    def five_classes(content: dict[str, Any]) -> None:
        content["config"]["model"]["head"]["num_classes"] = 5
        content["class_names"] = ["a", "b", "c", "d", "e"]

    tamper(checkpoint, five_classes)
    output = _refused(_command("evaluate", checkpoint, trained))
    assert "(field 'tensors_file') do not fit this model" in output
    assert "of another shape" in output
    assert "config.model.head.num_classes" in output


@pytest.mark.parametrize("command", ["evaluate", "train"])
def test_a_missing_or_reshaped_tensor_is_named(trained: Path, tmp_path: Path, command: str) -> None:
    checkpoint = _copy(trained, tmp_path)
    names: list[str] = []

    def drop_and_reshape(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        model = sorted(name for name in tensors if name.startswith("model."))
        names.extend(model[:2])
        del tensors[model[0]]
        tensors[model[1]] = torch.zeros(7, 7)
        return tensors

    replace_tensors(checkpoint, drop_and_reshape)
    output = _refused(_command(command, checkpoint, trained)).replace("\n", "")
    assert f"{names[0].removeprefix('model.')} is missing from the file" in output
    assert f"{names[1].removeprefix('model.')}: file (7, 7)" in output


def test_a_bad_torch_rng_state_on_resume(trained: Path, tmp_path: Path) -> None:
    checkpoint = _copy(trained, tmp_path)

    def bad_rng(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        tensors["rng.torch"] = torch.zeros(3, dtype=torch.float32)
        return tensors

    replace_tensors(checkpoint, bad_rng)
    output = _refused(_command("train", checkpoint, trained))
    assert "field 'rng' the torch RNG state tensor 'rng.torch' is torch.float32 (3,)" in output


def test_a_damaged_tensors_file_and_a_missing_one(trained: Path, tmp_path: Path) -> None:
    checkpoint = _copy(trained, tmp_path)
    tensors = checkpoint.with_suffix(".safetensors")
    data = bytearray(tensors.read_bytes())
    data[-1] ^= 0xFF
    tensors.write_bytes(bytes(data))
    assert "does not match the checksum recorded in last.json" in _refused(
        _command("predict", checkpoint, trained)
    )
    tensors.unlink()
    assert "field 'tensors_file' names last.safetensors, which does not exist" in _refused(
        _command("evaluate", checkpoint, trained)
    )


def test_an_untampered_copy_still_works(trained: Path, tmp_path: Path) -> None:
    checkpoint = _copy(trained, tmp_path)
    rebuilt = detector_from_checkpoint(checkpoint)
    assert rebuilt.class_names == ("circle", "square", "triangle")
    assert rebuilt.config.model.head.num_classes == 3
    assert (rebuilt.metadata.step, rebuilt.metadata.epoch) == (4, 1)
    result = runner.invoke(app, _command("evaluate", checkpoint, trained))
    assert result.exit_code == 0, result.output
    assert 0.0 <= json.loads(result.stdout)["map50"] <= 1.0


def test_the_pretrained_file_the_run_started_from_is_not_needed(
    trained: Path, tmp_path: Path
) -> None:
    checkpoint = _copy(trained, tmp_path)
    gone = str(tmp_path / "deleted-pretrained.safetensors")
    tamper(checkpoint, lambda content: content["config"]["model"]["backbone"].update(weights=gone))
    assert detector_from_checkpoint(checkpoint).config.model.backbone.weights == gone
    result = runner.invoke(app, _command("evaluate", checkpoint, trained))
    assert result.exit_code == 0, result.output
