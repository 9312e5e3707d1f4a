"""The trainer driven as a user would: a classifier from parts, callbacks, resume, NaN guard."""

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader, Dataset

from plugtrain import seed_everything
from plugtrain.components.backbones import TinyBackbone
from plugtrain.components.heads import ClassificationHead
from plugtrain.errors import TrainingError
from plugtrain.models import Classifier
from plugtrain.structures import LossBreakdown
from plugtrain.tasks import ClassificationBatch, ClassificationTask, Task
from plugtrain.training import (
    Callback,
    CheckpointCallback,
    EvaluationCallback,
    MetricsLogger,
    ProgressCallback,
    ResumableSampler,
    RunInfo,
    TrainContext,
    Trainer,
    TrainState,
    build_scheduler,
    load_checkpoint,
)


class Blobs(Dataset[tuple[Tensor, int]]):
    """Images whose class is which colour channel is brightest: learnable in a few steps."""

    def __init__(self, count: int, *, seed: int) -> None:
        generator = torch.Generator().manual_seed(seed)
        self.labels = torch.randint(0, 3, (count,), generator=generator)
        noise = torch.rand(count, 3, 32, 32, generator=generator) * 0.5
        self.images = noise + 0.5 * nn.functional.one_hot(self.labels, 3).float()[:, :, None, None]

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> tuple[Tensor, int]:
        return self.images[index], int(self.labels[index])


def collate(items: Sequence[tuple[Tensor, int]]) -> ClassificationBatch:
    return ClassificationBatch(
        images=torch.stack([image for image, _ in items]),
        labels=torch.tensor([label for _, label in items], dtype=torch.int64),
    )


def make_classifier() -> Classifier:
    backbone = TinyBackbone(channels=(8, 8, 16, 16), out_levels=(4, 5))
    head = ClassificationHead(in_spec=backbone.feature_spec, num_classes=3)
    return Classifier(backbone=backbone, head=head)


class LossRecorder(Callback):
    def __init__(self) -> None:
        self.losses: list[float] = []

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        self.losses.append(state.losses["total"])


def make_trainer(
    tmp_path: Path,
    *,
    epochs: int = 2,
    callbacks: Sequence[Callback] = (),
    init_seed: int = 0,
    task: Task[ClassificationBatch] | None = None,
    patience: int | None = None,
    min_delta: float = 0.0,
    stop_within_epoch: bool = False,
) -> Trainer[ClassificationBatch]:
    seed = 0
    seed_everything(init_seed)
    data = Blobs(48, seed=1)
    loader = DataLoader(
        data, batch_size=8, sampler=ResumableSampler(data, seed=seed), collate_fn=collate
    )
    model = make_classifier()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = build_scheduler(
        optimizer, kind="cosine", total_steps=epochs * len(loader), warmup_steps=2
    )
    val = Blobs(24, seed=2)

    def evaluate(trained: nn.Module) -> dict[str, float]:
        predictions = trained(val.images).argmax(dim=1)
        return {"accuracy": float((predictions == val.labels).float().mean())}

    return Trainer(
        model=model,
        task=task or ClassificationTask(),
        optimizer=optimizer,
        scheduler=scheduler,
        train_loader=loader,
        epochs=epochs,
        # listed last on purpose: the trainer runs evaluation before the other callbacks
        callbacks=[
            *callbacks,
            EvaluationCallback(
                evaluate, monitor="accuracy", patience=patience, min_delta=min_delta
            ),
        ],
        grad_clip_norm=10.0,
        run=RunInfo(class_names=("red", "green", "blue")),
        stop_within_epoch=stop_within_epoch,
    )


def test_fit_learns_logs_and_checkpoints(tmp_path: Path) -> None:
    recorder = LossRecorder()
    checkpoints = CheckpointCallback(tmp_path / "ckpt")
    log = tmp_path / "metrics.jsonl"
    progress_lines = tmp_path / "progress.txt"
    with progress_lines.open("w") as stream:
        state = make_trainer(
            tmp_path,
            epochs=3,
            callbacks=[
                recorder,
                checkpoints,
                MetricsLogger(log),
                ProgressCallback(stream=stream, every=6),
            ],
        ).fit()
    assert state.step == 18
    assert state.epoch == 3
    assert state.metrics["accuracy"] >= 0.9
    assert sum(recorder.losses[-3:]) < sum(recorder.losses[:3])
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["kind"] for r in records].count("step") == 18
    assert [r["epoch"] for r in records if r["kind"] == "epoch"] == [0, 1, 2]
    last = load_checkpoint(checkpoints.last_path)
    assert (last.step, last.epoch, last.metadata.batch_in_epoch) == (18, 3, 0)
    assert last.metadata.class_names == ("red", "green", "blue")
    assert last.metadata.config is None
    best = load_checkpoint(checkpoints.best_path).metadata
    assert best.metrics["accuracy"] == best.best == state.best
    assert [r["metric/accuracy"] for r in records if r["kind"] == "epoch"][best.epoch - 1] == (
        best.best
    )
    text = progress_lines.read_text()
    assert "training 3 epochs x 6 steps (from step 0)" in text
    assert "epoch 3/3 step 18/18 loss" in text


def test_resume_mid_epoch_reproduces_the_uninterrupted_losses(tmp_path: Path) -> None:
    uninterrupted = LossRecorder()
    make_trainer(tmp_path / "a", callbacks=[uninterrupted]).fit()

    first_part = LossRecorder()
    every = CheckpointCallback(tmp_path / "b", every_steps=4)
    trainer = make_trainer(tmp_path / "b", callbacks=[first_part, every, KillAfter(step=5)])
    with pytest.raises(KilledError):  # as if killed during step 5, after the checkpoint of step 4
        trainer.fit()
    checkpoint = load_checkpoint(every.last_path)
    assert (checkpoint.step, checkpoint.epoch, checkpoint.metadata.batch_in_epoch) == (4, 0, 4)

    resumed = LossRecorder()
    make_trainer(tmp_path / "c", callbacks=[resumed], init_seed=123).fit(resume=checkpoint)
    assert first_part.losses == uninterrupted.losses[:5]
    assert resumed.losses == uninterrupted.losses[4:]


class KilledError(Exception):
    pass


class KillAfter(Callback):
    def __init__(self, *, step: int) -> None:
        self.step = step

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        if state.step == self.step:
            raise KilledError


class ExplodingTask(Task[ClassificationBatch]):
    """Classification whose input turns to NaN from the third step on."""

    def __init__(self) -> None:
        self.inner = ClassificationTask()
        self.calls = 0

    def loss(self, model: nn.Module, batch: ClassificationBatch) -> LossBreakdown:
        self.calls += 1
        if self.calls >= 3:
            batch = ClassificationBatch(images=batch.images * float("nan"), labels=batch.labels)
        return self.inner.loss(model, batch)

    def to_device(self, batch: ClassificationBatch, device: torch.device) -> ClassificationBatch:
        return batch

    def batch_size(self, batch: ClassificationBatch) -> int:
        return self.inner.batch_size(batch)


def test_non_finite_loss_names_step_term_and_first_module_and_keeps_checkpoint(
    tmp_path: Path,
) -> None:
    every = CheckpointCallback(tmp_path, every_steps=1)
    trainer = make_trainer(tmp_path, callbacks=[every], task=ExplodingTask())
    with pytest.raises(TrainingError) as caught:
        trainer.fit()
    error = caught.value
    assert error.step == 3
    assert error.loss_term == "classification"
    assert error.module is not None
    assert error.module.startswith("backbone.")
    assert "the loss became non-finite at step 3 (epoch 1)" in str(error)
    assert load_checkpoint(every.last_path).step == 2


def test_early_stopping_stops_when_the_metric_stalls(tmp_path: Path) -> None:
    # nothing improves by 2
    state = make_trainer(tmp_path, epochs=5, patience=1, min_delta=2.0).fit()
    assert state.epoch == 2
    assert state.should_stop


class StopAt(Callback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        if state.step == self.step:
            state.should_stop = True


def test_a_stop_asked_at_a_step_ends_the_run_there_only_with_stop_within_epoch(
    tmp_path: Path,
) -> None:
    # 48 images, batch 8: 6 steps per epoch
    at_epoch_end = make_trainer(tmp_path / "a", epochs=3, callbacks=[StopAt(2)]).fit()
    assert (at_epoch_end.step, at_epoch_end.epoch) == (6, 1)
    within = make_trainer(
        tmp_path / "b", epochs=3, callbacks=[StopAt(2)], stop_within_epoch=True
    ).fit()
    assert (within.step, within.epoch) == (2, 1)
    assert within.should_stop
