"""Training configs into an optimiser, a schedule, data sets and loaders."""

import math
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.optim.lr_scheduler import LinearLR, LRScheduler, MultiStepLR, OneCycleLR, SequentialLR
from torch.utils.data import DataLoader, Dataset

from plugtrain.builders._augment import build_train_augment, with_mosaic
from plugtrain.config import (
    AdamWConfig,
    DataConfig,
    DatasetConfig,
    OneCycleSchedulerConfig,
    OptimizerConfig,
    SchedulerConfig,
    StepSchedulerConfig,
)
from plugtrain.data import (
    Batch,
    CocoDataset,
    Sample,
    SampleSource,
    Transform,
    collate,
    eval_transforms,
)
from plugtrain.errors import ArgumentError
from plugtrain.training import ResumableSampler, build_scheduler, end_with_parent

__all__ = [
    "EpochSeeded",
    "build_datasets",
    "build_eval_loader",
    "build_lr_scheduler",
    "build_optimizer",
    "build_train_loader",
]


def build_optimizer(
    config: OptimizerConfig, model: nn.Module, *, lr: float | None = None
) -> torch.optim.Optimizer:
    """SGD or AdamW over the trainable parameters; no weight decay on norms and biases.

    ``lr`` replaces ``config.lr``; with ``lr: auto`` it must be given (the LR finder's).
    """
    if lr is None:
        if config.lr == "auto":
            raise ArgumentError(
                part="build_optimizer",
                argument="lr",
                received="train.optimizer.lr: auto",
                expected="a learning rate found by the LR finder, passed as lr=",
                fix="run plugtrain.training.find_lr first (plugtrain train does it for lr: auto)",
            )
        lr = config.lr
    decay: list[nn.Parameter] = []
    no_decay: list[nn.Parameter] = []
    for name, parameter in model.named_parameters():
        if parameter.requires_grad:
            (no_decay if parameter.ndim <= 1 or name.endswith(".bias") else decay).append(parameter)
    groups = [
        {"params": decay, "weight_decay": config.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    if isinstance(config, AdamWConfig):
        return torch.optim.AdamW(
            groups, lr=lr, betas=(config.betas[0], config.betas[1]), eps=config.eps
        )
    return torch.optim.SGD(groups, lr=lr, momentum=config.momentum, nesterov=config.nesterov)


def build_lr_scheduler(
    config: SchedulerConfig,
    optimizer: torch.optim.Optimizer,
    *,
    steps_per_epoch: int,
    epochs: int,
) -> LRScheduler:
    """The configured schedule, stepped once per optimiser step."""
    total = steps_per_epoch * epochs
    if isinstance(config, OneCycleSchedulerConfig):
        return OneCycleLR(
            optimizer,
            max_lr=[float(group["lr"]) for group in optimizer.param_groups],
            total_steps=total,
            pct_start=config.pct_start,
            div_factor=config.div_factor,
            final_div_factor=config.final_div_factor,
        )
    if isinstance(config, StepSchedulerConfig):
        milestones = [epoch * steps_per_epoch for epoch in config.milestones]
        main = MultiStepLR(
            optimizer,
            milestones=[m - config.warmup_steps for m in milestones],
            gamma=config.gamma,
        )
        if config.warmup_steps == 0:
            return MultiStepLR(optimizer, milestones=milestones, gamma=config.gamma)
        warmup = LinearLR(optimizer, start_factor=1e-3, total_iters=config.warmup_steps)
        return SequentialLR(optimizer, [warmup, main], milestones=[config.warmup_steps])
    min_lr_ratio = getattr(config, "min_lr_ratio", 0.0)
    return build_scheduler(
        optimizer,
        kind=config.type,
        total_steps=total,
        warmup_steps=min(config.warmup_steps, total - 1),
        min_lr_ratio=float(min_lr_ratio),
    )


class EpochSeeded(Dataset[Sample]):
    """Seeds the random augmentations of each sample from (seed, epoch, index).

    Whatever worker loads a sample and whatever came before, its flips and jitter are the
    same, so a run resumed in the middle of an epoch sees exactly the batches an
    uninterrupted run would. The trainer calls :meth:`set_epoch` before each epoch.
    """

    def __init__(self, dataset: SampleSource, *, seed: int) -> None:
        self.dataset = dataset
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> Sample:
        # Restore the caller's generator after: with num_workers=0 this runs in the trainer.
        outer = torch.get_rng_state()
        try:
            torch.manual_seed(  # pyright: ignore[reportUnknownMemberType]  # torch leaves seed unannotated
                (self.seed * 1_000_003 + self.epoch) * 1_000_033 + index
            )
            return self.dataset[index]
        finally:
            torch.set_rng_state(outer)


@dataclass(frozen=True)
class Datasets:
    train: CocoDataset
    val: CocoDataset | None


def _dataset(config: DatasetConfig, *, transforms: Transform) -> CocoDataset:
    return CocoDataset(
        Path(config.images), Path(config.annotations), transforms=transforms, mode="strict"
    )


def build_datasets(config: DataConfig) -> Datasets:
    """The training set (augmented: ``data.augment``) and the validation set (letterboxed),
    checked up front. With a mosaic, the training set does the geometric steps only; the
    loader adds the mosaic and the rest."""
    size = (config.image_size[0], config.image_size[1])
    augment = build_train_augment(config.augment, size)
    return Datasets(
        train=_dataset(config.train, transforms=augment.per_image),
        val=None if config.val is None else _dataset(config.val, transforms=eval_transforms(size)),
    )


def _collate(samples: list[Sample]) -> Batch:
    return collate(samples)


def build_train_loader(
    dataset: CocoDataset,
    config: DataConfig,
    *,
    seed: int,
    rank: int = 0,
    world_size: int = 1,
) -> DataLoader[Sample]:
    """Shuffled per epoch from ``seed`` (resumable) and split over DDP ranks, with the
    configured mosaic; its workers end with the process that started them."""
    size = (config.image_size[0], config.image_size[1])
    augment = build_train_augment(config.augment, size)
    seeded = EpochSeeded(with_mosaic(dataset, config.augment, augment), seed=seed)
    sampler = ResumableSampler(seeded, seed=seed, rank=rank, world_size=world_size)
    batch_size = min(config.batch_size, max(1, math.ceil(len(dataset) / world_size)))
    return DataLoader(
        seeded,
        batch_size=batch_size,
        sampler=sampler,
        num_workers=config.num_workers,
        collate_fn=_collate,
        drop_last=False,
        worker_init_fn=end_with_parent,
    )


def build_eval_loader(dataset: CocoDataset, config: DataConfig) -> DataLoader[Sample]:
    """In order, every image once."""
    return DataLoader(
        dataset,
        batch_size=config.batch_size,
        shuffle=False,
        num_workers=config.num_workers,
        collate_fn=_collate,
        worker_init_fn=end_with_parent,
    )
