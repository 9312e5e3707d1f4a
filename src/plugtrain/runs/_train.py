"""One experiment config in, a trained detector and its artefacts out (the main job).

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
from plugtrain.builders import (
    build_datasets,
    build_detector,
    build_ema,
    build_eval_loader,
    build_lr_scheduler,
    build_optimizer,
    build_train_loader,
)
from plugtrain.config import ExperimentConfig
from plugtrain.runs._distributed import gather_weight_digests, start_processes, wait_for_all
from plugtrain.runs._evaluate import evaluate_detector
from plugtrain.runs._output import RunFolder, prepare_output_dir
from plugtrain.runs._plots import plot_training_curve, save_prediction_grid
from plugtrain.runs._resume import resume_checkpoint
from plugtrain.runs._summary import RunSummary, write_summary
from plugtrain.tasks import DetectionTask
from plugtrain.training import (
    Callback,
    CheckpointCallback,
    EvaluationCallback,
    MetricsLogger,
    ProgressCallback,
    RunInfo,
    Trainer,
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

    An ``output_dir`` that holds an earlier run is refused unless ``resume`` (continue from
    its ``checkpoints/last.json``) or ``overwrite`` (delete that run's files first).
    """
    started = time.perf_counter()
    processes = start_processes()
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

    datasets = build_datasets(config.data)
    train_loader = build_train_loader(
        datasets.train,
        config.data,
        seed=config.train.seed,
        rank=processes.rank,
        world_size=processes.world_size,
    )
    seed_everything(config.train.seed)  # the same initial weights on every rank
    detector = build_detector(config.model)
    ema = None if config.train.ema is None else build_ema(config.train.ema, detector)
    optimizer = build_optimizer(config.train.optimizer, detector)
    scheduler = build_lr_scheduler(
        config.train.scheduler,
        optimizer,
        steps_per_epoch=len(train_loader),
        epochs=config.train.epochs,
    )
    checkpoints = CheckpointCallback(folder.checkpoints, every_steps=max(1, len(train_loader) // 2))
    callbacks: list[Callback] = [ProgressCallback(), MetricsLogger(folder.metrics), checkpoints]
    val = datasets.val
    val_config = config.data.val
    if val is not None and val_config is not None:
        val_loader = build_eval_loader(val, config.data)
        val_annotations = Path(val_config.annotations)
        callbacks.append(
            EvaluationCallback(
                lambda model: evaluate_detector(model, val_loader, val, val_annotations),
                every_epochs=config.eval.interval_epochs,
                monitor=config.eval.metric,
            )
        )
    trainer = Trainer(
        model=detector,
        task=DetectionTask(),
        optimizer=optimizer,
        scheduler=scheduler,
        train_loader=train_loader,
        epochs=config.train.epochs,
        callbacks=[*callbacks, *extra_callbacks],
        grad_clip_norm=config.train.grad_clip_norm,
        device=chosen,
        run=RunInfo(config=config, class_names=datasets.train.category_names),
        ema=ema,
    )
    state = trainer.fit(resume=resume_checkpoint(checkpoints.last_path, config) if resume else None)
    metrics = state.metrics
    evaluated = detector if ema is None else ema.evaluated(detector)
    if not metrics and val is not None and val_config is not None:
        metrics = evaluate_detector(
            evaluated, build_eval_loader(val, config.data), val, Path(val_config.annotations)
        )
    summary = RunSummary(
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
        weight_digests=gather_weight_digests(detector),
    )
    if processes.rank == 0:
        plot_training_curve(folder.metrics, folder.training_curve)
        if val is not None:
            save_prediction_grid(evaluated, val, folder.val_predictions, device=chosen)
        write_summary(summary, folder.summary)
    wait_for_all()
    return summary
