"""Checkpoints: round trip, atomic replacement, damaged files, per-module load reports."""

import json
import random
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from plugtrain.errors import CheckpointError
from plugtrain.training import (
    RunInfo,
    atomic_write_bytes,
    build_scheduler,
    load_checkpoint,
    load_model_weights,
    restore_training_state,
    save_checkpoint,
)


def _model(out: int = 3) -> nn.Sequential:
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, out))


def _trained_parts() -> tuple[
    nn.Sequential, torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler
]:
    model = _model()
    optimizer: torch.optim.Optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = build_scheduler(optimizer, kind="cosine", total_steps=10, warmup_steps=2)
    for _ in range(3):
        loss = model(torch.randn(5, 4)).pow(2).mean()
        optimizer.zero_grad()
        torch.autograd.backward(loss)
        optimizer.step()  # pyright: ignore[reportUnknownMemberType]  # torch leaves closure untyped
        scheduler.step()
    return model, optimizer, scheduler


def test_round_trip_restores_model_optimizer_scheduler_and_rng(tmp_path: Path) -> None:
    model, optimizer, scheduler = _trained_parts()
    path = save_checkpoint(
        tmp_path / "last",
        model=model,
        optimizer=optimizer,
        scheduler=scheduler,
        step=3,
        epoch=1,
        run=RunInfo(class_names=("a", "b", "c")),
    )
    assert path == tmp_path / "last.json"
    expected_random = (random.random(), float(np.random.rand()), float(torch.rand(1)))

    fresh, fresh_optimizer, fresh_scheduler = _model(), None, None
    fresh_optimizer = torch.optim.SGD(fresh.parameters(), lr=0.1, momentum=0.9)
    fresh_scheduler = build_scheduler(
        fresh_optimizer, kind="cosine", total_steps=10, warmup_steps=2
    )
    checkpoint = load_checkpoint(path)
    restore_training_state(
        checkpoint, model=fresh, optimizer=fresh_optimizer, scheduler=fresh_scheduler
    )
    assert (checkpoint.step, checkpoint.epoch) == (3, 1)
    assert checkpoint.metadata.class_names == ("a", "b", "c")
    for name, value in model.state_dict().items():
        torch.testing.assert_close(fresh.state_dict()[name], value)
    momentum = optimizer.state_dict()["state"][0]["momentum_buffer"]
    torch.testing.assert_close(
        fresh_optimizer.state_dict()["state"][0]["momentum_buffer"], momentum
    )
    assert fresh_scheduler.state_dict()["last_epoch"] == scheduler.state_dict()["last_epoch"]
    assert fresh_optimizer.param_groups[0]["lr"] == pytest.approx(optimizer.param_groups[0]["lr"])
    assert (random.random(), float(np.random.rand()), float(torch.rand(1))) == expected_random


def test_files_are_safetensors_and_json_no_pickle(tmp_path: Path) -> None:
    model, optimizer, _ = _trained_parts()
    save_checkpoint(tmp_path / "ckpt", model=model, optimizer=optimizer)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckpt.json", "ckpt.safetensors"]
    assert json.loads((tmp_path / "ckpt.json").read_text())["format"] == "plugtrain-checkpoint/3"
    assert (tmp_path / "ckpt.safetensors").read_bytes()[8:9] == b"{"  # safetensors header


def test_overwrite_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    model, optimizer, _ = _trained_parts()
    save_checkpoint(tmp_path / "last", model=model, optimizer=optimizer, step=1)
    save_checkpoint(tmp_path / "last", model=model, optimizer=optimizer, step=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.json", "last.safetensors"]
    assert load_checkpoint(tmp_path / "last.json").step == 2


def test_missing_checkpoint_is_a_checkpoint_error(tmp_path: Path) -> None:
    with pytest.raises(
        CheckpointError,
        match=r"expected nope\.json and nope\.safetensors side by side, found neither",
    ):
        load_checkpoint(tmp_path / "nope.json")


def test_tensors_file_changed_after_metadata_is_detected(tmp_path: Path) -> None:
    model, _, _ = _trained_parts()
    save_checkpoint(tmp_path / "last", model=model)
    data = bytearray((tmp_path / "last.safetensors").read_bytes())
    data[-1] ^= 0xFF
    (tmp_path / "last.safetensors").write_bytes(bytes(data))
    with pytest.raises(
        CheckpointError, match=r"does not match the checksum recorded in last\.json"
    ):
        load_checkpoint(tmp_path / "last.json")


def test_metadata_that_is_not_json_is_reported(tmp_path: Path) -> None:
    model, _, _ = _trained_parts()
    save_checkpoint(tmp_path / "last", model=model)
    (tmp_path / "last.json").write_text("{not json")
    with pytest.raises(CheckpointError, match="checkpoint metadata: the file is not valid JSON"):
        load_checkpoint(tmp_path / "last")


def test_restore_into_a_different_model_is_a_checkpoint_error(tmp_path: Path) -> None:
    model, _, _ = _trained_parts()
    save_checkpoint(tmp_path / "last", model=model)
    with pytest.raises(CheckpointError, match="do not fit this model") as caught:
        restore_training_state(load_checkpoint(tmp_path / "last"), model=_model(out=5))
    assert "2.weight: file (3, 8), model (5, 8)" in str(caught.value)
    assert "field 'tensors_file'" in str(caught.value)


def test_load_report_names_reused_reinitialised_and_ignored_modules(tmp_path: Path) -> None:
    model, _, _ = _trained_parts()
    save_checkpoint(tmp_path / "last", model=model)
    state = dict(load_checkpoint(tmp_path / "last").model_state)
    state["9.weight"] = torch.zeros(1)
    target = _model(out=5)  # a new number of classes: the last layer does not fit
    report = load_model_weights(target, state)
    assert report.loaded == ("0",)
    assert report.reinitialised == ("2",)
    assert report.ignored == ("9",)
    assert "2.weight: checkpoint shape (3, 8), model (5, 8)" in report.describe()
    torch.testing.assert_close(target[0].weight, model[0].weight)


class _KilledError(Exception):
    """Stands for a kill -9 between the two renames of a save."""


def test_a_save_stopped_between_its_two_files_leaves_the_earlier_checkpoint_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, optimizer, _ = _trained_parts()
    save_checkpoint(tmp_path / "last", model=model, optimizer=optimizer, step=1)
    first = {name: value.clone() for name, value in model.state_dict().items()}
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(1.0)

    def write_tensors_then_die(
        path: Path, data: bytes, *, kind: type[CheckpointError], what: str
    ) -> None:
        if path.suffix == ".json":
            raise _KilledError
        atomic_write_bytes(path, data, kind=kind, what=what)

    monkeypatch.setattr("plugtrain.training._checkpoint.atomic_write_bytes", write_tensors_then_die)
    with pytest.raises(_KilledError):
        save_checkpoint(tmp_path / "last", model=model, optimizer=optimizer, step=2)
    monkeypatch.undo()
    loaded = load_checkpoint(tmp_path / "last.json")
    assert loaded.step == 1
    for name, value in first.items():
        assert torch.equal(loaded.tensors[f"model.{name}"], value), name
    # the next complete save leaves only its own two files
    save_checkpoint(tmp_path / "last", model=model, optimizer=optimizer, step=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.json", "last.safetensors"]
    assert load_checkpoint(tmp_path / "last.json").step == 3
