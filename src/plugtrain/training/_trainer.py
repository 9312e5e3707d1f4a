"""The training loop: parts come in by injection, the task computes the loss of a batch."""

import contextlib
import math
from collections.abc import Iterable, Sequence
from typing import Generic, Protocol, TypeVar, final, runtime_checkable

import torch
import torch.distributed as dist
from torch import nn

from plugtrain.diagnostics import find_first_nonfinite
from plugtrain.errors import ArgumentError, TrainingError
from plugtrain.structures import LossBreakdown
from plugtrain.tasks import Task
from plugtrain.training._callbacks import Callback, TrainContext, TrainState
from plugtrain.training._checkpoint import Checkpoint, restore_training_state
from plugtrain.training._ema import ModelEma
from plugtrain.training._evaluation import EvaluationCallback
from plugtrain.training._metadata import RunInfo
from plugtrain.training._sampler import ResumableSampler

__all__ = ["Trainer"]

BatchT = TypeVar("BatchT")


@runtime_checkable
class _EpochAware(Protocol):
    """A data set whose per-sample randomness depends on the epoch (see EpochSeeded)."""

    def set_epoch(self, epoch: int) -> None: ...


class _TaskLoss(nn.Module, Generic[BatchT]):
    """model + task as one module, so DistributedDataParallel's forward runs the loss."""

    def __init__(self, model: nn.Module, task: Task[BatchT]) -> None:
        super().__init__()
        self.model = model
        self.task = task

    def forward(self, batch: BatchT) -> LossBreakdown:
        return self.task.loss(self.model, batch)


@final
class Trainer(Generic[BatchT]):
    """Trains ``model`` on ``train_loader`` with ``task``'s loss.

    Evaluation is a callback (:class:`EvaluationCallback`); evaluation callbacks run first at
    each epoch's end, the others in the order given. ``run`` (config and class names) goes
    into every checkpoint. ``steps_per_epoch`` defaults to ``len(train_loader)``. A
    non-finite loss stops the run with :class:`TrainingError` naming the step, the loss
    term and the first module whose output was not finite; checkpoints written before stay
    as they are. ``ema``, a weight average of ``model``, is updated after each optimiser
    step (on every rank), evaluated instead of the model, checkpointed beside it and
    restored on a resume.

    A callback stops the run by setting ``state.should_stop``; the ranks agree on it (rank
    0's word, since only rank 0 runs callbacks) at each epoch's end, or after every step
    with ``stop_within_epoch`` (one broadcast per step under torchrun), which ends the run
    at the step the callback asked.
    """

    def __init__(
        self,
        *,
        model: nn.Module,
        task: Task[BatchT],
        optimizer: torch.optim.Optimizer,
        train_loader: Iterable[BatchT],
        epochs: int,
        scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
        callbacks: Sequence[Callback] = (),
        grad_clip_norm: float | None = None,
        steps_per_epoch: int | None = None,
        device: torch.device | str = "cpu",
        run: RunInfo | None = None,
        ema: ModelEma | None = None,
        stop_within_epoch: bool = False,
    ) -> None:
        if epochs < 1:
            raise ArgumentError(
                part="Trainer",
                argument="epochs",
                received=epochs,
                expected="an integer >= 1",
                fix="train for at least one epoch",
            )
        self.model = model
        self.task = task
        self.ema = ema
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.train_loader = train_loader
        self.epochs = epochs
        # stable: evaluation first, so the others see this epoch's metrics
        self.callbacks = tuple(
            sorted(callbacks, key=lambda c: not isinstance(c, EvaluationCallback))
        )
        self.grad_clip_norm = grad_clip_norm
        self.stop_within_epoch = stop_within_epoch
        self.device = torch.device(device)
        self.run = run or RunInfo()
        if steps_per_epoch is None:
            length = getattr(train_loader, "__len__", None)
            if length is None:
                raise ArgumentError(
                    part="Trainer",
                    argument="train_loader",
                    received=type(train_loader).__name__,
                    expected="an iterable with len(), or steps_per_epoch=",
                    fix="pass steps_per_epoch= for a loader without a length",
                )
            steps_per_epoch = int(length())
        if steps_per_epoch < 1:
            raise ArgumentError(
                part="Trainer",
                argument="train_loader",
                received=f"a loader of {steps_per_epoch} batches",
                expected="at least one batch per epoch",
                fix="is the data set smaller than batch_size with drop_last=True? Use a smaller "
                "batch_size or more data",
            )
        self.steps_per_epoch = steps_per_epoch
        self.distributed = dist.is_available() and dist.is_initialized()
        self.rank = dist.get_rank() if self.distributed else 0
        self._loss_module: nn.Module = _TaskLoss(model, task)
        if self.distributed:
            self._loss_module = nn.parallel.DistributedDataParallel(self._loss_module)

    def _start_epoch(self, epoch: int) -> None:
        dataset = getattr(self.train_loader, "dataset", None)
        if isinstance(dataset, _EpochAware):
            dataset.set_epoch(epoch)

    def _sampler(self) -> ResumableSampler | None:
        sampler = getattr(self.train_loader, "sampler", None)
        return sampler if isinstance(sampler, ResumableSampler) else None

    def _autocast(self) -> contextlib.AbstractContextManager[object]:
        if self.device.type == "cuda":
            return torch.autocast("cuda", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def _check_finite(self, breakdown: LossBreakdown, batch: BatchT, state: TrainState) -> None:
        if math.isfinite(float(breakdown.total.detach())):
            return
        term = next(
            (name for name, value in breakdown.terms.items() if not torch.isfinite(value).all()),
            "total",
        )
        with torch.no_grad():
            report = find_first_nonfinite(self.model, lambda: self.task.loss(self.model, batch))
        diagnosis = (
            report.describe()
            if report
            else "no module output was non-finite (the loss computation itself overflowed)"
        )
        raise TrainingError(
            f"the loss became non-finite at step {state.step + 1} (epoch {state.epoch + 1}); "
            f"{diagnosis}. "
            f"Lower the learning rate, check the data for bad boxes, or clip gradients",
            step=state.step + 1,
            loss_term=term,
            module=report.where if report else None,
        )

    def _step(self, batch: BatchT, state: TrainState) -> None:
        batch = self.task.to_device(batch, self.device)
        with self._autocast():
            breakdown: LossBreakdown = self._loss_module(batch)
        self._check_finite(breakdown, batch, state)
        self.optimizer.zero_grad(set_to_none=True)
        torch.autograd.backward(breakdown.total)
        if self.grad_clip_norm is not None:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip_norm)
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        state.step += 1
        if self.ema is not None:
            self.ema.update(self.model, state.step)
        state.batch_in_epoch += 1
        state.images_seen += self.task.batch_size(batch)
        state.lr = float(self.optimizer.param_groups[0]["lr"])
        state.losses = breakdown.detached()

    def _callbacks(self) -> tuple[Callback, ...]:
        return self.callbacks if self.rank == 0 else ()

    def _agree_to_stop(self, stop: bool) -> bool:
        if not self.distributed:
            return stop
        flag = torch.tensor([1.0 if stop else 0.0], device=self.device)
        dist.broadcast(flag, src=0)
        return bool(flag.item() > 0)

    def fit(self, *, resume: Checkpoint | None = None) -> TrainState:
        """Train for the configured epochs (from ``resume`` when given); return the final state."""
        self.model.to(self.device)
        if self.ema is not None:
            self.ema.to(self.device)
        state = TrainState(max_epochs=self.epochs, steps_per_epoch=self.steps_per_epoch)
        if resume is not None:
            restore_training_state(
                resume,
                model=self.model,
                optimizer=self.optimizer,
                scheduler=self.scheduler,
                ema=self.ema,
            )
            saved = resume.metadata
            state.step = saved.step
            state.epoch = saved.epoch
            state.batch_in_epoch = saved.batch_in_epoch
            state.metrics = dict(saved.metrics)
            state.best = saved.best
            state.stale_evaluations = saved.stale_evaluations
        context = TrainContext(
            model=self.model,
            optimizer=self.optimizer,
            scheduler=self.scheduler,
            run=self.run,
            ema=self.ema,
        )
        for callback in self._callbacks():
            callback.on_fit_start(context, state)
        sampler = self._sampler()
        while state.epoch < self.epochs and not state.should_stop:
            skip_batches = state.batch_in_epoch
            self._start_epoch(state.epoch)
            if sampler is not None:
                batch_size = int(getattr(self.train_loader, "batch_size", 1) or 1)
                sampler.set_epoch(state.epoch, skip=skip_batches * batch_size)
            elif skip_batches:
                raise TrainingError(
                    "resuming in the middle of an epoch needs a loader with a ResumableSampler",
                    step=state.step,
                )
            self.model.train()
            state.metrics = {}
            for batch in self.train_loader:
                if state.batch_in_epoch >= self.steps_per_epoch:
                    break
                self._step(batch, state)
                for callback in self._callbacks():
                    callback.on_step_end(context, state)
                if self.stop_within_epoch:
                    state.should_stop = self._agree_to_stop(state.should_stop)
                    if state.should_stop:
                        break
            for callback in self._callbacks():
                callback.on_epoch_end(context, state)
            state.should_stop = self._agree_to_stop(state.should_stop)
            state.epoch += 1
            state.batch_in_epoch = 0
        for callback in self._callbacks():
            callback.on_fit_end(context, state)
        return state
