"""The checkpoint metadata schema: every field checked, one CheckpointError naming it."""

import json
import os
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

from plugtrain.config import ExperimentConfig, parse_config
from plugtrain.errors import CheckpointError
from plugtrain.training import (
    FORMAT,
    RunInfo,
    build_scheduler,
    load_checkpoint,
    read_metadata,
    restore_training_state,
    save_checkpoint,
)
from tests.checkpoint_helpers import replace_tensors, tamper

CONFIG = """\
model:
  backbone: {type: tiny, channels: [8, 16, 16, 32], out_levels: [3, 4, 5]}
  neck: {type: fpn, channels: 32, out_levels: [3, 4, 5]}
  head: {type: fcos, num_classes: 2, num_convs: 1, norm: none}
data:
  train: {images: train, annotations: train.json}
  image_size: [64, 64]
"""


def _config() -> ExperimentConfig:
    return parse_config(CONFIG, file="test.yaml")


def _model() -> nn.Sequential:
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def _saved(tmp_path: Path, *, with_config: bool = True) -> Path:
    model = _model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = build_scheduler(optimizer, kind="cosine", total_steps=10)
    run = RunInfo(config=_config(), class_names=("cat", "dog")) if with_config else RunInfo()
    return save_checkpoint(
        tmp_path / "last",
        model=model,
        optimizer=optimizer,
        scheduler=scheduler,
        step=3,
        epoch=1,
        batch_in_epoch=1,
        run=run,
        metrics={"map": float("nan"), "map50": 0.25},
        best=0.25,
        stale_evaluations=2,
    )


def _message(path: Path) -> str:
    with pytest.raises(CheckpointError) as caught:
        read_metadata(path)
    assert caught.value.code == "PT500"
    return str(caught.value)


def test_round_trip_keeps_every_field_typed(tmp_path: Path) -> None:
    metadata = read_metadata(_saved(tmp_path))
    assert metadata.format == FORMAT
    assert (metadata.step, metadata.epoch, metadata.batch_in_epoch) == (3, 1, 1)
    assert metadata.config == _config()
    assert metadata.class_names == ("cat", "dog")
    assert metadata.tensors_file == "last.safetensors"
    assert (metadata.best, metadata.stale_evaluations) == (0.25, 2)
    assert metadata.metrics["map50"] == 0.25
    assert metadata.metrics["map"] != metadata.metrics["map"]  # NaN survives
    assert len(metadata.rng.python.internal) == 625
    assert metadata.optimizer is not None
    assert metadata.optimizer.param_groups[0]["lr"] == 0.1


@pytest.mark.parametrize("field", ["config", "class_names", "step", "rng", "tensors_file"])
def test_a_missing_field_is_named(tmp_path: Path, field: str) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.pop(field))
    assert f"checkpoint metadata field '{field}' is missing" in _message(path)


def test_a_list_instead_of_an_object(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    path.write_text(json.dumps([json.loads(path.read_text())]))
    assert "the file holds a JSON list, expected an object" in _message(path)


def test_deep_nesting_is_refused_without_recursion(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nests 100000 levels deep; the limit is 32" in _message(path)


def test_a_5000_digit_step_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    text = json.dumps(json.loads(path.read_text()) | {"step": 7})
    path.write_text(text.replace('"step": 7', '"step": ' + "9" * 5000))
    message = _message(path)
    assert "field 'step' holds <a 5000-digit number>" in message


def test_a_step_beyond_2_53_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.update(step=10**20))
    assert (
        "field 'step' is invalid: Input should be less than or equal to 9007199254740992"
        in _message(path)
    )


def test_num_classes_must_match_class_names(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.update(class_names=["cat", "dog", "bird"]))
    message = _message(path)
    assert "field 'class_names' holds 3 names but config.model.head.num_classes is 2" in message


def test_a_config_that_no_longer_validates_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content["config"]["model"]["head"].update(num_convs="one"))
    message = _message(path)
    assert (
        "field 'config.model.head.fcos.num_convs' is invalid: Input should be a valid integer "
        "(got 'one')" in message
    )
    assert "the run's config no longer validates" in message


def test_an_image_size_of_100000_is_bounded(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content["config"]["data"].update(image_size=[100000, 100000]))
    message = _message(path)
    assert "field 'config.data.image_size.0' is invalid" in message
    assert "less than or equal to 8192" in message


def test_a_short_python_rng_state_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content["rng"]["python"].update(internal=[1, 2, 3]))
    message = _message(path)
    assert "field 'rng.python.internal' is invalid: Tuple should have at least 625 items" in message
    assert "saved random-generator state is damaged" in message


def test_an_edit_without_resealing_breaks_the_content_digest(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.update(step=4), reseal=False)
    assert "field 'content_sha256' does not match the file's content" in _message(path)


def test_an_older_format_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.update(format="plugtrain-checkpoint/1"))
    message = _message(path)
    assert (
        "field 'format' is 'plugtrain-checkpoint/1', expected 'plugtrain-checkpoint/2' or "
        "'plugtrain-checkpoint/3'"
    ) in message


def test_tensors_file_may_not_leave_the_folder(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.update(tensors_file="../elsewhere.safetensors"))
    assert "field 'tensors_file' is invalid: String should match pattern" in _message(path)


def test_tensors_file_is_read_and_must_exist(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    tamper(path, lambda content: content.update(tensors_file="other.safetensors"))
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(path)
    assert "field 'tensors_file' names other.safetensors, which does not exist" in str(caught.value)
    (tmp_path / "last.safetensors").rename(tmp_path / "other.safetensors")
    assert load_checkpoint(path).step == 3  # the named file is the one used


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "last.json"
    os.mkfifo(fifo)
    assert "the file is not a regular file" in _message(fifo)


def test_a_bad_torch_rng_tensor_on_resume_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)

    def shorten(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        tensors["rng.torch"] = tensors["rng.torch"][:10].clone()
        return tensors

    replace_tensors(path, shorten)
    with pytest.raises(CheckpointError) as caught:
        restore_training_state(load_checkpoint(path), model=_model())
    assert "field 'rng' the torch RNG state tensor 'rng.torch' is torch.uint8 (10,)" in str(
        caught.value
    )


def test_optimizer_groups_that_do_not_fit_are_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)

    def drop_group_params(content: dict[str, Any]) -> None:
        content["optimizer"]["param_groups"][0]["params"] = [0]

    tamper(path, drop_group_params)
    model = _model()
    with pytest.raises(CheckpointError) as caught:
        restore_training_state(
            load_checkpoint(path),
            model=model,
            optimizer=torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
        )
    assert "field 'optimizer' cannot be restored: ValueError" in str(caught.value)


def test_a_checkpoint_without_config_is_valid_for_the_generic_trainer(tmp_path: Path) -> None:
    metadata = read_metadata(_saved(tmp_path, with_config=False))
    assert metadata.config is None
    assert metadata.class_names == ()
