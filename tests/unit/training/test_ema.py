"""ModelEma: torch's AveragedModel with a schedule; checkpoints store and restore it."""

import json
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

from plugtrain import seed_everything
from plugtrain.errors import ArgumentError, CheckpointError
from plugtrain.training import (
    ModelEma,
    load_checkpoint,
    load_model_state,
    restore_training_state,
    save_checkpoint,
)
from tests.checkpoint_helpers import tamper


def _model() -> nn.Sequential:
    seed_everything(0)
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))


def _shift(model: nn.Module, by: float) -> None:
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(by)


def test_the_first_update_copies_and_later_ones_move_by_one_minus_decay() -> None:
    model = _model()
    ema = ModelEma(model, decay=0.75, warmup_updates=0)
    assert ema.updates == 0
    assert ema.evaluated(model) is model
    _shift(model, 1.0)
    ema.update(model, step=1)
    assert ema.started
    assert ema.updates == 1
    assert ema.evaluated(model) is ema.module
    before = [p.detach().clone() for p in ema.module.parameters()]
    _shift(model, 2.0)
    ema.update(model, step=2)
    for averaged, old, new in zip(ema.module.parameters(), before, model.parameters(), strict=True):
        torch.testing.assert_close(averaged, 0.75 * old + 0.25 * new)


def test_buffers_are_averaged_too() -> None:
    model = _model()
    ema = ModelEma(model, decay=0.5, warmup_updates=0)
    ema.update(model, step=1)
    model.train()
    model(torch.full((16, 4), 3.0))  # moves the batch-norm running mean
    ema.update(model, step=2)
    bn_model, bn_ema = model[1], ema.module.get_submodule("1")
    assert isinstance(bn_model, nn.BatchNorm1d)
    assert isinstance(bn_ema, nn.BatchNorm1d)
    assert bn_model.running_mean is not None
    assert bn_ema.running_mean is not None
    torch.testing.assert_close(bn_ema.running_mean, 0.5 * bn_model.running_mean)


def test_the_decay_ramps_over_the_warmup_updates() -> None:
    model = _model()
    ema = ModelEma(model, decay=0.9, warmup_updates=4)
    ema.update(model, step=1)
    before = [p.detach().clone() for p in ema.module.parameters()]
    _shift(model, 4.0)
    ema.update(model, step=2)  # the second update: decay 0.9 * 1 / 4
    for averaged, old, new in zip(ema.module.parameters(), before, model.parameters(), strict=True):
        torch.testing.assert_close(averaged, 0.225 * old + 0.775 * new)


def test_by_default_the_ramp_lasts_the_averages_window() -> None:
    model = _model()
    assert ModelEma(model, decay=0.99).warmup_updates == 100
    assert ModelEma(model, decay=0.999).warmup_updates == 1000
    unramped = ModelEma(model, decay=0.9, warmup_updates=0)
    unramped.update(model, step=1)
    before = [p.detach().clone() for p in unramped.module.parameters()]
    _shift(model, 4.0)
    unramped.update(model, step=2)  # no ramp: the full decay from the second update
    for averaged, old, new in zip(
        unramped.module.parameters(), before, model.parameters(), strict=True
    ):
        torch.testing.assert_close(averaged, 0.9 * old + 0.1 * new)


def test_updates_follow_start_step_and_every_steps() -> None:
    model = _model()
    ema = ModelEma(model, decay=0.9, every_steps=3, start_step=5)
    for step in range(1, 13):
        ema.update(model, step=step)
    assert [step for step in range(1, 13) if ema.due(step)] == [6, 9, 12]
    assert ema.updates == 3


@pytest.mark.parametrize(
    ("argument", "value", "expected"),
    [
        ("decay", 1.0, "expected a number in (0, 1)"),
        ("warmup_updates", -1, "expected an integer >= 0 or None"),
        ("every_steps", 0, "expected an integer >= 1"),
        ("start_step", -2, "expected an integer >= 0"),
    ],
)
def test_bad_arguments_name_the_argument(argument: str, value: float, expected: str) -> None:
    arguments: dict[str, Any] = {argument: value}
    with pytest.raises(ArgumentError) as caught:
        ModelEma(_model(), **arguments)
    assert f"ModelEma: argument '{argument}'" in str(caught.value)
    assert expected in str(caught.value)


def test_checkpoints_hold_both_weights_and_restore_the_average(tmp_path: Path) -> None:
    model = _model()
    ema = ModelEma(model, decay=0.5, warmup_updates=2)
    for step in (1, 2, 3):
        _shift(model, 1.0)
        ema.update(model, step=step)
    path = save_checkpoint(tmp_path / "last", model=model, ema=ema)
    checkpoint = load_checkpoint(path)
    record = checkpoint.metadata.ema
    assert record is not None
    assert (record.decay, record.warmup_updates, record.updates) == (0.5, 2, 3)
    average = checkpoint.averaged_model_state
    assert average is not None
    assert average.keys() == checkpoint.model_state.keys()
    assert not torch.equal(average["0.weight"], checkpoint.model_state["0.weight"])

    evaluated = _model()
    load_model_state(checkpoint, evaluated, averaged=True)
    torch.testing.assert_close(evaluated.state_dict(), ema.module.state_dict())
    raw = _model()
    load_model_state(checkpoint, raw)
    torch.testing.assert_close(raw.state_dict(), model.state_dict())

    resumed_model = _model()
    resumed = ModelEma(resumed_model, decay=0.5, warmup_updates=2)
    restore_training_state(checkpoint, model=resumed_model, ema=resumed)
    assert resumed.updates == 3
    torch.testing.assert_close(resumed.module.state_dict(), ema.module.state_dict())


def test_an_average_without_updates_is_not_used(tmp_path: Path) -> None:
    model = _model()
    checkpoint = load_checkpoint(save_checkpoint(tmp_path / "c", model=model, ema=ModelEma(model)))
    assert checkpoint.metadata.ema is not None
    assert checkpoint.averaged_model_state is None


def test_resuming_a_run_with_an_average_from_one_without_is_refused(tmp_path: Path) -> None:
    model = _model()
    checkpoint = load_checkpoint(save_checkpoint(tmp_path / "c", model=model))
    with pytest.raises(CheckpointError) as caught:
        restore_training_state(checkpoint, model=model, ema=ModelEma(model))
    message = str(caught.value)
    assert "field 'ema' is null: this checkpoint holds no weight average" in message
    assert "resume with the config it was trained with" in message


def test_a_format_2_checkpoint_still_loads(tmp_path: Path) -> None:
    model = _model()
    path = save_checkpoint(tmp_path / "old", model=model, step=7)

    def downgrade(content: dict[str, object]) -> None:
        del content["ema"]
        content["format"] = "plugtrain-checkpoint/2"

    tamper(path, downgrade)
    assert json.loads(path.read_text())["format"] == "plugtrain-checkpoint/2"
    checkpoint = load_checkpoint(path)
    assert (checkpoint.step, checkpoint.metadata.ema) == (7, None)
    restored = _model()
    load_model_state(checkpoint, restored, averaged=True)
    torch.testing.assert_close(restored.state_dict(), model.state_dict())
