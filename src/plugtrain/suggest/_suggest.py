"""``suggest_config``: a complete experiment config chosen from the data's statistics and
from training steps timed on this machine, each choice with its reason.

The order: read the statistics (:mod:`._profile`), hold out a validation split if none was
given, choose the input size and the pyramid from the box sizes (:mod:`._rules`), run
``plugtrain validate`` on that candidate to get its peak activation memory per image (the
dry run's cost), choose the batch and the learning rate, time a few real training steps,
choose epochs and evaluation interval for the time budget, and validate the final config.
"""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plugtrain.config import (
    AdamWConfig,
    CosineSchedulerConfig,
    DataConfig,
    DatasetConfig,
    EvalConfig,
    ExperimentConfig,
    FCOSHeadConfig,
    FPNConfig,
    ModelConfig,
    PostprocessConfig,
    TinyBackboneConfig,
    TrainConfig,
    dump_config,
)
from plugtrain.errors import ConfigError
from plugtrain.suggest._measure import (
    StepTiming,
    available_memory_mib,
    default_device,
    measure_steps,
)
from plugtrain.suggest._profile import DataProfile, profile_coco
from plugtrain.suggest._render import render_config
from plugtrain.suggest._rules import (
    LevelChoice,
    choose_batch_size,
    choose_image_size,
    choose_levels,
    choose_lr,
    choose_max_detections,
    choose_schedule,
    data_warnings,
)
from plugtrain.suggest._split import hold_out

__all__ = ["EVAL_OVERHEAD", "Reason", "Suggestion", "suggest_config"]

EVAL_OVERHEAD: Final = 1.5
"""An evaluation is the timed inference forward plus loading and COCO scoring: x 1.5."""
_WIDTHS: Final = {"cpu": ([16, 32, 64, 128], 64), "cuda": ([32, 64, 128, 256], 128)}
_WORKERS: Final = 2


@dataclass(frozen=True, slots=True)
class Reason:
    """Why ``key`` (a dotted config key) has its value."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The suggested config, the reason of each choice, what no setting fixes, and the
    training step time measured on this machine (seconds at the suggested batch)."""

    config: ExperimentConfig
    reasons: tuple[Reason, ...]
    warnings: tuple[str, ...]
    step_seconds: float
    timing: StepTiming
    profile: DataProfile

    def to_yaml(self) -> str:
        """The config as YAML, each choice's reason as a comment above its key."""
        profile = self.profile
        header = [
            f"Suggested by `plugtrain suggest` for {profile.annotations}: {profile.num_images} "
            f"images, {profile.num_boxes} boxes, {profile.num_classes} classes; "
            f"{self.timing.timed_steps} training steps timed on {self.timing.device}: "
            f"{self.step_seconds:.3f} s per step.",
            *(f"WARNING: {warning}" for warning in self.warnings),
        ]
        return render_config(self.config, {r.key: r.text for r in self.reasons}, header)


def _model(num_classes: int, levels: LevelChoice, device: str, max_detections: int) -> ModelConfig:
    channels, neck_channels = _WIDTHS["cuda" if device.startswith("cuda") else "cpu"]
    return ModelConfig(
        backbone=TinyBackboneConfig(
            type="tiny", channels=channels, out_levels=list(levels.backbone_levels)
        ),
        neck=FPNConfig(type="fpn", channels=neck_channels, out_levels=list(levels.neck_levels)),
        head=FCOSHeadConfig(
            type="fcos",
            num_classes=num_classes,
            num_convs=2,
            anchor_sizes=list(levels.anchor_sizes),
        ),
        postprocess=PostprocessConfig(max_detections=max_detections),
    )


def _validated(
    config: ExperimentConfig, what: str
) -> tuple[ExperimentConfig, float, tuple[str, ...]]:
    """The config after ``plugtrain validate`` (its dry run's activation MiB per image and
    the validation warnings); ``ConfigError`` with every issue when it is refused."""
    from plugtrain.validation import DryRunReport, validate_config_text

    report = validate_config_text(dump_config(config), file=f"<suggested config: {what}>")
    if not report.ok or report.config is None:
        raise ConfigError(report.errors or report.issues)
    dry_run = report.summary.dry_run
    per_image = (
        dry_run.cost.activation_mib_per_image
        if isinstance(dry_run, DryRunReport) and dry_run.cost is not None
        else math.nan
    )
    return report.config, per_image, tuple(f"{w.loc}: {w.message}" for w in report.warnings)


def suggest_config(
    images: Path | str,
    annotations: Path | str,
    *,
    val_images: Path | str | None = None,
    val_annotations: Path | str | None = None,
    time_budget_minutes: float = 10.0,
    split_dir: Path | str = "runs/suggested/split",
    output_dir: str = "runs/suggested",
    device: str | None = None,
    timed_steps: int = 5,
    seed: int = 0,
) -> Suggestion:
    """Choose a config for the COCO set ``annotations`` (images in ``images``).

    Without ``val_annotations`` a validation split is held out and written to
    ``split_dir``. ``time_budget_minutes`` is the wall time the training run may take on
    this machine (``device``: default cuda if present, else cpu), measured by
    ``timed_steps`` real training steps. Raises ``DataError`` for unusable data and
    ``ConfigError`` if no valid config results (the issues say why).
    """
    chosen_device = device or default_device()
    profile = profile_coco(images, annotations)
    reasons: list[Reason] = []
    warnings: list[str] = list(data_warnings(profile))
    if val_annotations is None:
        split = hold_out(annotations, split_dir, seed=seed)
        train = DatasetConfig(images=str(images), annotations=str(split.train_annotations))
        val = DatasetConfig(images=str(images), annotations=str(split.val_annotations))
        train_images, val_count = split.train_images, split.val_images
        reasons.append(Reason("data.val", split.describe()))
    else:
        val_profile = profile_coco(val_images or images, val_annotations)
        train = DatasetConfig(images=str(images), annotations=str(annotations))
        val = DatasetConfig(images=str(val_images or images), annotations=str(val_annotations))
        train_images, val_count = profile.num_images, val_profile.num_images
    size = choose_image_size(profile)
    levels = choose_levels(profile, size)
    warnings += size.warnings
    max_detections, detections_reason = choose_max_detections(profile)
    model = _model(profile.num_classes, levels, chosen_device, max_detections)

    def experiment(
        batch: int, lr: float, epochs: int, interval: int, warmup: int
    ) -> ExperimentConfig:
        return ExperimentConfig(
            model=model,
            data=DataConfig(
                train=train,
                val=val,
                image_size=list(size.image_size),
                batch_size=batch,
                num_workers=_WORKERS,
            ),
            train=TrainConfig(
                epochs=epochs,
                seed=seed,
                optimizer=AdamWConfig(type="adamw", lr=lr, weight_decay=1e-4),
                scheduler=CosineSchedulerConfig(type="cosine", warmup_steps=warmup),
                grad_clip_norm=10.0,
                output_dir=output_dir,
            ),
            eval=EvalConfig(interval_epochs=interval, metric="map"),
        )

    _, per_image, _ = _validated(experiment(1, 0.002, 1, 1, 0), "batch 1")
    batch = choose_batch_size(
        mib_per_image=per_image,
        available_mib=available_memory_mib(chosen_device),
        device=chosen_device,
        train_images=train_images,
    )
    warnings += batch.warnings
    lr, lr_reason = choose_lr(batch.batch_size)
    timing = measure_steps(
        experiment(batch.batch_size, lr, 1, 1, 0), steps=timed_steps, device=chosen_device
    )
    steps_per_epoch = math.ceil(train_images / batch.batch_size)
    schedule = choose_schedule(
        budget_seconds=60 * time_budget_minutes,
        step_seconds=timing.step_seconds,
        eval_seconds=timing.eval_seconds_per_image * val_count * EVAL_OVERHEAD,
        steps_per_epoch=steps_per_epoch,
    )
    warnings += schedule.warnings
    final, _, validation_warnings = _validated(
        experiment(
            batch.batch_size, lr, schedule.epochs, schedule.interval_epochs, schedule.warmup_steps
        ),
        "final",
    )
    warnings += validation_warnings
    reasons += [
        Reason(
            "model.backbone",
            f"the tiny CNN of the default config ({_WIDTHS['cpu'][0]} channels on a CPU, "
            f"twice on a GPU): it trains in minutes; FCOS is anchor-free, so the boxes' "
            f"aspect ratios need no anchor ratios",
        ),
        Reason("model.backbone.out_levels", levels.reason),
        Reason("model.neck.out_levels", levels.reason),
        Reason(
            "model.head.num_classes",
            f"{profile.num_classes} categories in the annotations: "
            + ", ".join(f"{name} ({count} boxes)" for name, count in profile.class_boxes),
        ),
        Reason("model.head.anchor_sizes", levels.anchor_reason),
        Reason("model.postprocess.max_detections", detections_reason),
        Reason("data.image_size", size.reason),
        Reason("data.batch_size", batch.reason),
        Reason("data.num_workers", f"{_WORKERS} loader processes, as the default config"),
        Reason("train.epochs", schedule.reason),
        Reason("train.optimizer.lr", lr_reason),
        Reason(
            "train.scheduler.warmup_steps",
            f"a tenth of the {schedule.epochs * steps_per_epoch} steps, at most 50",
        ),
        Reason("eval.interval_epochs", schedule.eval_reason),
    ]
    return Suggestion(
        config=final,
        reasons=tuple(reasons),
        warnings=tuple(warnings),
        step_seconds=timing.step_seconds,
        timing=timing,
        profile=profile,
    )
