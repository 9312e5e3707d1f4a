"""The weight average (``train.ema``) driven as a user would: the trainer evaluates it,
checkpoints it, resumes it exactly; ``plugtrain train/evaluate`` and
``detector_from_checkpoint`` use it."""

import json
from pathlib import Path

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader
from typer.testing import CliRunner

from plugtrain import seed_everything
from plugtrain.cli import app
from plugtrain.tasks import ClassificationBatch, ClassificationTask
from plugtrain.training import (
    Callback,
    CheckpointCallback,
    EvaluationCallback,
    ModelEma,
    ResumableSampler,
    RunInfo,
    Trainer,
    build_scheduler,
    load_checkpoint,
)
from tests.integration.runs import write_experiment
from tests.integration.test_trainer import (
    Blobs,
    KillAfter,
    KilledError,
    collate,
    make_classifier,
)

runner = CliRunner()


class _Seen:
    def __init__(self) -> None:
        self.models: list[nn.Module] = []


def _trainer(
    *, callbacks: tuple[Callback, ...] = (), init_seed: int = 0, seen: _Seen | None = None
) -> tuple[Trainer[ClassificationBatch], ModelEma]:
    seed_everything(init_seed)
    data = Blobs(48, seed=1)
    loader = DataLoader(
        data, batch_size=8, sampler=ResumableSampler(data, seed=0), collate_fn=collate
    )
    model = make_classifier()
    ema = ModelEma(model, decay=0.8, warmup_updates=3, every_steps=2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = build_scheduler(optimizer, kind="cosine", total_steps=12, warmup_steps=2)
    val = Blobs(24, seed=2)

    def evaluate(trained: nn.Module) -> dict[str, float]:
        if seen is not None:
            seen.models.append(trained)
        predictions = trained(val.images).argmax(dim=1)
        return {"accuracy": float((predictions == val.labels).float().mean())}

    trainer = Trainer(
        model=model,
        task=ClassificationTask(),
        optimizer=optimizer,
        scheduler=scheduler,
        train_loader=loader,
        epochs=2,
        callbacks=[*callbacks, EvaluationCallback(evaluate, monitor="accuracy")],
        run=RunInfo(class_names=("red", "green", "blue")),
        ema=ema,
    )
    return trainer, ema


def test_resume_reproduces_weights_and_average_of_an_uninterrupted_run(tmp_path: Path) -> None:
    whole, whole_ema = _trainer()
    whole.fit()

    every = CheckpointCallback(tmp_path / "split", every_steps=3)
    split, _ = _trainer(callbacks=(every, KillAfter(step=5)))
    with pytest.raises(KilledError):  # dies in step 5; the last checkpoint is of step 3
        split.fit()
    checkpoint = load_checkpoint(every.last_path)
    assert (checkpoint.step, checkpoint.metadata.batch_in_epoch) == (3, 3)
    assert checkpoint.metadata.ema is not None
    assert checkpoint.metadata.ema.updates == 1  # after step 2

    resumed, resumed_ema = _trainer(init_seed=123)
    resumed.fit(resume=checkpoint)
    assert resumed_ema.updates == whole_ema.updates == 6
    for name, value in whole.model.state_dict().items():
        assert torch.equal(resumed.model.state_dict()[name], value), name
    for name, value in whole_ema.state_dict().items():
        assert torch.equal(resumed_ema.state_dict()[name], value), name


def test_evaluation_and_best_follow_the_average(tmp_path: Path) -> None:
    seen = _Seen()
    checkpoints = CheckpointCallback(tmp_path)
    trainer, ema = _trainer(callbacks=(checkpoints,), seen=seen)
    state = trainer.fit()
    assert seen.models == [ema.module, ema.module]
    best = load_checkpoint(checkpoints.best_path)
    assert best.metadata.best == state.best
    averaged = best.averaged_model_state
    assert averaged is not None
    model = make_classifier()
    model.load_state_dict(averaged)
    model.eval()
    val = Blobs(24, seed=2)
    with torch.no_grad():
        accuracy = float((model(val.images).argmax(dim=1) == val.labels).float().mean())
    assert accuracy == pytest.approx(best.metadata.metrics["accuracy"])


def test_train_and_evaluate_use_the_average_from_the_command_line(tmp_path: Path) -> None:
    from plugtrain.runs import detector_from_checkpoint

    config = write_experiment(tmp_path)
    config.write_text(
        config.read_text().replace(
            "  grad_clip_norm: 10.0\n",
            "  grad_clip_norm: 10.0\n  ema: {decay: 0.9, warmup_updates: 4, every_steps: 1}\n",
        )
    )
    trained = runner.invoke(app, ["train", str(config)])
    assert trained.exit_code == 0, trained.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    checkpoint = load_checkpoint(Path(summary["checkpoint"]))
    assert checkpoint.metadata.ema is not None
    assert checkpoint.metadata.ema.updates == summary["steps"] == 8
    averaged = checkpoint.averaged_model_state
    assert averaged is not None
    rebuilt = detector_from_checkpoint(Path(summary["checkpoint"]))
    for name, value in rebuilt.detector.state_dict().items():
        assert torch.equal(value, averaged[name]), name
    assert any(
        not torch.equal(value, checkpoint.model_state[name]) for name, value in averaged.items()
    )
    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["map50"] == pytest.approx(summary["map50"])
