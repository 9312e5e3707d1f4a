"""One experiment config in, a trained model and its artefacts out (the main job).

Writes into ``train.output_dir``: ``checkpoints/last.*`` and ``checkpoints/best.*``,
``metrics.jsonl``, ``training_curve.png``, ``val_predictions.png`` and ``summary.json``.
Under ``torchrun`` every rank trains its share of each batch (DDP, gloo on CPU) and only
rank 0 evaluates and writes.
"""

import sys
import time
from pathlib import Path

import torch

from plugtrain._seed import seed_everything
from plugtrain.builders import build_ema, build_lr_scheduler, build_optimizer, build_trackers
from plugtrain.config import ExperimentConfig
from plugtrain.runs._distributed import (
    Processes,
    end_processes,
    gather_weight_digests,
    start_processes,
    wait_for_all,
)
from plugtrain.runs._lr_find import choose_lr
from plugtrain.runs._output import RunFolder, prepare_output_dir
from plugtrain.runs._plots import plot_training_curve
from plugtrain.runs._resume import resume_checkpoint
from plugtrain.runs._setups import setup_of
from plugtrain.runs._summary import RunSummary, write_summary
from plugtrain.training import (
    Callback,
    CheckpointCallback,
    EvaluationCallback,
    MetricsLogger,
    ProgressCallback,
    RunInfo,
    Trainer,
    finish_trackers,
)

__all__ = ["train_from_config"]


def train_from_config(
    config: ExperimentConfig,
    *,
    resume: bool = False,
    overwrite: bool = False,
    device: str | None = None,
    extra_callbacks: tuple[Callback, ...] = (),
) -> RunSummary:
    """Train, evaluate and write the artefacts of one experiment; return the summary.

    The config's setup (``SETUPS[config.task.type]``) gives the model, the task, the data
    and the evaluation; everything else is shared by every setup. An ``output_dir`` that
    holds an earlier run is refused unless ``resume`` (continue from its
    ``checkpoints/last.json``) or ``overwrite`` (delete that run's files first).
    """
    started = time.perf_counter()
    processes = start_processes()
    try:
        return _train(
            config,
            processes,
            started=started,
            resume=resume,
            overwrite=overwrite,
            device=device,
            extra_callbacks=extra_callbacks,
        )
    finally:
        end_processes(processes)


def _train(
    config: ExperimentConfig,
    processes: Processes,
    *,
    started: float,
    resume: bool,
    overwrite: bool,
    device: str | None,
    extra_callbacks: tuple[Callback, ...],
) -> RunSummary:
    folder = RunFolder(Path(config.train.output_dir))
    removed = prepare_output_dir(
        folder.root, resume=resume, overwrite=overwrite, writer=processes.rank == 0
    )
    if removed:
        print(
            f"--overwrite: deleted {len(removed)} file(s) of the earlier run in {folder.root}",
            file=sys.stderr,
        )
    wait_for_all()  # no rank looks at the folder while rank 0 clears it
    seed_everything(config.train.seed + processes.rank)
    chosen = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))

    prepared = setup_of(config).prepare(
        config, rank=processes.rank, world_size=processes.world_size, device=chosen
    )
    model = prepared.model
    ema = prepared.ema
    if ema is None and config.train.ema is not None:
        ema = build_ema(config.train.ema, model)
    trained = prepared.parameters or model
    lr = config.train.optimizer.lr
    lr_rule: str | None = None
    if lr == "auto":
        choice = choose_lr(
            config=config,
            model=model,
            parameters=trained,
            task=prepared.task,
            train_loader=prepared.train_loader,
            steps_per_epoch=prepared.steps_per_epoch,
            metrics_log=folder.metrics,
            device=chosen,
            resume=resume,
        )
        lr, lr_rule = choice.lr, choice.rule
    optimizer = build_optimizer(config.train.optimizer, trained, lr=lr)
    scheduler = build_lr_scheduler(
        config.train.scheduler,
        optimizer,
        steps_per_epoch=prepared.steps_per_epoch,
        epochs=config.train.epochs,
    )
    checkpoints = CheckpointCallback(
        folder.checkpoints, every_steps=max(1, prepared.steps_per_epoch // 2)
    )
    trackers = build_trackers(config.train.tracking, folder.root)
    callbacks: list[Callback] = [
        ProgressCallback(),
        MetricsLogger(folder.metrics),
        checkpoints,
        *trackers,
    ]
    if prepared.evaluate is not None:
        callbacks.append(
            EvaluationCallback(
                prepared.evaluate,
                every_epochs=config.eval.interval_epochs,
                monitor=config.monitored_metric,
                mode=config.metric_goal,
            )
        )
    trainer = Trainer(
        model=model,
        task=prepared.task,
        optimizer=optimizer,
        scheduler=scheduler,
        train_loader=prepared.train_loader,
        epochs=config.train.epochs,
        callbacks=[*callbacks, *prepared.callbacks, *extra_callbacks],
        grad_clip_norm=config.train.grad_clip_norm,
        steps_per_epoch=prepared.steps_per_epoch,
        device=chosen,
        run=RunInfo(config=config, class_names=prepared.class_names),
        ema=ema,
    )
    state = trainer.fit(resume=resume_checkpoint(checkpoints.last_path, config) if resume else None)
    metrics = state.metrics
    evaluated = model if ema is None else ema.evaluated(model)
    if not metrics and prepared.evaluate is not None:
        metrics = prepared.evaluate(evaluated)
    summary = RunSummary(
        task=config.task.type,
        metrics={
            name: metrics.get(name, float("nan")) for name in config.task.requirements.metrics
        },
        map=metrics.get("map", float("nan")),
        map50=metrics.get("map50", float("nan")),
        map75=metrics.get("map75", float("nan")),
        epochs=state.epoch,
        steps=state.step,
        wall_seconds=round(time.perf_counter() - started, 2),
        images_per_second=round(
            state.images_seen * processes.world_size / max(state.wall_seconds, 1e-9), 2
        ),
        checkpoint=str(checkpoints.last_path),
        best_checkpoint=str(checkpoints.best_path) if checkpoints.best_path.exists() else None,
        output_dir=str(folder.root),
        world_size=processes.world_size,
        weight_digests=gather_weight_digests(model),
        lr=lr,
        lr_rule=lr_rule,
    )
    if processes.rank == 0:
        plot_training_curve(folder.metrics, folder.training_curve)
        prepared.write_artifacts(evaluated, folder)
        finish_trackers(trackers, sorted(folder.root.glob("*.png")), step=state.step)
        write_summary(summary, folder.summary)
    wait_for_all()
    return summary
