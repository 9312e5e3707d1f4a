"""The contrastive setup: SimCLR pretraining of the backbone on unlabeled images.

``task: {type: contrastive}``; ``model.head: {type: projection}``; ``data.train`` any set
whose images are read. Each image is resized to ``data.image_size`` and augmented twice
(``task.views``); the NT-Xent loss at ``task.temperature`` pulls the two projections of an
image together. On ``data.val`` it reports ``contrastive_loss`` (on views drawn with a
fixed seed, the same every evaluation) and, for a labeled ``folders`` set,
``linear_probe_accuracy``: a logistic regression on the frozen pooled features, fit on one
half of the set and tested on the other, beside ``random_linear_probe_accuracy``, the same
probe of the same model at its random initialisation (measured once, before training: the
figure pretraining has to beat). The checkpoint's ``model.backbone.*`` tensors are
the ``weights:`` of a later detection or classification config.
"""

import functools
from collections.abc import Callable, Sequence
from typing import Final, final

import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader
from torchvision.transforms import v2

from plugtrain._seed import seed_everything
from plugtrain.builders import MODEL_BUILDERS, EpochSeeded
from plugtrain.config import ContrastiveTaskConfig, ExperimentConfig, FolderDatasetConfig
from plugtrain.data import FolderDataset, TwoViews, collate_views, simclr_augmentation
from plugtrain.errors import ArgumentError, DataError
from plugtrain.evaluation import linear_probe
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD
from plugtrain.runs._setup import PreparedRun, Setup
from plugtrain.runs._setup_classification import classification_eval_loader
from plugtrain.runs._trained import without_weights
from plugtrain.runs._unlabeled import images_of, train_loader_of
from plugtrain.tasks import (
    ClassificationBatch,
    ContrastiveMetrics,
    ContrastiveTask,
    TwoViewBatch,
    contrastive_model,
)
from plugtrain.training import end_with_parent

__all__ = ["ContrastiveSetup", "probe_accuracy", "validation_loss"]

_PROBE_METRIC: Final = "linear_probe_accuracy"
_RANDOM_PROBE_METRIC: Final = "random_linear_probe_accuracy"
_MIN_PAIRS: Final = 2

collate: Final[Callable[[Sequence[tuple[Tensor, Tensor]]], TwoViewBatch]] = functools.partial(
    collate_views, mean=IMAGENET_MEAN, std=IMAGENET_STD
)


def _task_config(config: ExperimentConfig) -> ContrastiveTaskConfig:
    task = config.task
    if not isinstance(task, ContrastiveTaskConfig):
        raise ArgumentError(
            part="ContrastiveSetup",
            argument="config",
            received=f"task.type: {task.type}",
            expected="task.type: contrastive",
            fix="run this config with its own setup: SETUPS[config.task.type]",
        )
    return task


def _views(config: ExperimentConfig, task: ContrastiveTaskConfig) -> v2.Compose:
    views = task.views
    return simclr_augmentation(
        size=(config.data.image_size[0], config.data.image_size[1]),
        crop_scale=views.crop_scale,
        flip=views.flip,
        color_jitter=views.color_jitter,
        color_jitter_probability=views.color_jitter_probability,
        grayscale=views.grayscale,
    )


def validation_loss(
    model: nn.Module,
    loader: DataLoader[tuple[Tensor, Tensor]],
    *,
    temperature: float,
    device: torch.device,
) -> float:
    """The mean NT-Xent over the val set's batches of views (a last batch of one image, which
    has no negative, is left out)."""
    network = contrastive_model(model, "validation_loss")
    total, count = 0.0, 0
    for batch in loader:
        if not isinstance(batch, TwoViewBatch) or batch.view_a.shape[0] < _MIN_PAIRS:
            continue
        size = int(batch.view_a.shape[0])
        loss = network.loss(
            batch.view_a.to(device), batch.view_b.to(device), temperature=temperature
        )
        total += float(loss.total) * size
        count += size
    if count == 0:
        raise DataError(
            "the val set needs at least two images for the contrastive loss (one image has "
            "no negative to tell its positive from)"
        )
    return total / count


def probe_accuracy(
    model: nn.Module, loader: DataLoader[object], *, num_classes: int, device: torch.device
) -> float:
    """The linear-probe accuracy of the pooled features of ``loader``'s labeled images."""
    network = contrastive_model(model, "probe_accuracy")
    features: list[Tensor] = []
    labels: list[Tensor] = []
    for batch in loader:
        if not isinstance(batch, ClassificationBatch):
            raise ArgumentError(
                part="probe_accuracy",
                argument="loader",
                received=f"a loader that yields {type(batch).__name__}",
                expected="a loader that yields ClassificationBatch",
                fix="build it with classification_eval_loader",
            )
        features.append(network.represent(batch.images.to(device)).float().cpu())
        labels.append(batch.labels)
    return linear_probe(torch.cat(features), torch.cat(labels), num_classes=num_classes).accuracy


def _random_probe(
    config: ExperimentConfig,
    loader: DataLoader[object],
    *,
    num_classes: int,
    device: torch.device,
) -> float:
    """The probe of the config's model as ``prepare`` first builds it (seeded with
    ``train.seed``), without the backbone's ``weights:``: the random backbone that
    pretraining must beat."""
    seed_everything(config.train.seed)
    model = MODEL_BUILDERS["contrastive"](without_weights(config)).to(device)
    model.eval()
    with torch.no_grad():
        return probe_accuracy(model, loader, num_classes=num_classes, device=device)


def _evaluator(
    config: ExperimentConfig, task: ContrastiveTaskConfig, device: torch.device
) -> Callable[[nn.Module], dict[str, float]] | None:
    """The setup's metrics of a model; the random baseline is measured here, once.

    Seeds the generators (the baseline's model): call it before seeding for the run.
    """
    val_config = config.data.val
    if val_config is None:
        return None
    size = (config.data.image_size[0], config.data.image_size[1])
    # one fixed draw of views: every evaluation compares the same pairs
    views = EpochSeeded(
        TwoViews(images_of(val_config, image_size=size), _views(config, task)),
        seed=config.train.seed,
    )
    view_loader = DataLoader(
        views,
        batch_size=config.data.batch_size,
        shuffle=False,
        num_workers=config.data.num_workers,
        collate_fn=collate,
        worker_init_fn=end_with_parent,
    )
    labeled = (
        FolderDataset(val_config.root, image_size=size)
        if isinstance(val_config, FolderDatasetConfig)
        else None
    )
    probe_loader = None if labeled is None else classification_eval_loader(labeled, config.data)
    random_probe = (
        None
        if probe_loader is None or labeled is None
        else _random_probe(config, probe_loader, num_classes=labeled.num_classes, device=device)
    )

    def evaluate(model: nn.Module) -> dict[str, float]:
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                return measure(model).as_dict()
        finally:
            model.train(was_training)

    def measure(model: nn.Module) -> ContrastiveMetrics:
        loss = validation_loss(model, view_loader, temperature=task.temperature, device=device)
        if probe_loader is None or labeled is None:
            return ContrastiveMetrics(contrastive_loss=loss)
        return ContrastiveMetrics(
            contrastive_loss=loss,
            linear_probe_accuracy=probe_accuracy(
                model, probe_loader, num_classes=labeled.num_classes, device=device
            ),
            random_linear_probe_accuracy=random_probe,
        )

    return evaluate


def _require_probe_set(config: ExperimentConfig) -> None:
    val = config.data.val
    metric = config.monitored_metric
    if metric == _RANDOM_PROBE_METRIC:
        raise ArgumentError(
            part="ContrastiveSetup",
            argument="eval.metric",
            received=f"eval.metric: {metric}",
            expected=f"a metric that changes during the run ({metric} is measured once, "
            "before training, so it would keep the first epoch's checkpoint as the best)",
            fix=f"set eval.metric: {_PROBE_METRIC} (or contrastive_loss)",
        )
    if metric == _PROBE_METRIC and not isinstance(val, FolderDatasetConfig):
        got = "no data.val" if val is None else f"data.val.format: {val.format}"
        raise ArgumentError(
            part="ContrastiveSetup",
            argument="eval.metric",
            received=f"eval.metric: {metric} with {got}",
            expected="a labeled data.val (format: folders) to fit and test the linear probe on",
            fix="give data.val as a folders set, or set eval.metric: contrastive_loss",
        )


@final
class ContrastiveSetup(Setup):
    """SimCLR pretraining (``task: {type: contrastive}``)."""

    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        task = _task_config(config)
        _require_probe_set(config)
        size = (config.data.image_size[0], config.data.image_size[1])
        pairs = TwoViews(images_of(config.data.train, image_size=size), _views(config, task))
        loader = train_loader_of(pairs, config, collate=collate, rank=rank, world_size=world_size)
        evaluate = _evaluator(config, task, device)
        seed_everything(config.train.seed)  # the same initial weights on every rank
        return PreparedRun(
            model=MODEL_BUILDERS["contrastive"](config),
            task=ContrastiveTask(temperature=task.temperature),
            train_loader=loader,
            steps_per_epoch=len(loader),
            class_names=(),
            evaluate=evaluate,
        )

    def evaluation(
        self, config: ExperimentConfig, *, device: torch.device
    ) -> tuple[nn.Module, Callable[[nn.Module], dict[str, float]] | None]:
        """The contrastive model of ``config`` and its metrics on ``data.val`` (the training
        set is not read)."""
        task = _task_config(config)
        _require_probe_set(config)
        evaluate = _evaluator(config, task, device)
        return MODEL_BUILDERS["contrastive"](config), evaluate
