"""Training configs into an optimiser, a schedule, data sets and loaders."""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import torch
from torch import nn
from torch.optim.lr_scheduler import LinearLR, LRScheduler, MultiStepLR, OneCycleLR, SequentialLR
from torch.utils.data import DataLoader, Dataset

from plugtrain.config import (
    AdamWConfig,
    CocoDatasetConfig,
    DataConfig,
    OneCycleSchedulerConfig,
    OptimizerConfig,
    SchedulerConfig,
    SetConfig,
    StepSchedulerConfig,
)
from plugtrain.data import Batch, CocoDataset, Sample, collate, eval_transforms, train_transforms
from plugtrain.errors import ArgumentError
from plugtrain.training import ResumableSampler, build_scheduler, end_with_parent

SampleT = TypeVar("SampleT")
SampleT_co = TypeVar("SampleT_co", covariant=True)

__all__ = [
    "EpochSeeded",
    "build_datasets",
    "build_eval_loader",
    "build_lr_scheduler",
    "build_optimizer",
    "build_train_loader",
    "coco_set",
]


def build_optimizer(config: OptimizerConfig, model: nn.Module) -> torch.optim.Optimizer:
    """SGD or AdamW over the trainable parameters; no weight decay on norms and biases."""
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
            groups, lr=config.lr, betas=(config.betas[0], config.betas[1]), eps=config.eps
        )
    return torch.optim.SGD(groups, lr=config.lr, momentum=config.momentum, nesterov=config.nesterov)


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


class _Indexed(Protocol[SampleT_co]):
    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> SampleT_co: ...


class EpochSeeded(Dataset[SampleT]):
    """Seeds the random augmentations of each sample from (seed, epoch, index).

    Whatever worker loads a sample and whatever came before, its flips and jitter are the
    same, so a run resumed in the middle of an epoch sees exactly the batches an
    uninterrupted run would. The trainer calls :meth:`set_epoch` before each epoch.
    """

    def __init__(self, dataset: _Indexed[SampleT], *, seed: int) -> None:
        self.dataset = dataset
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> SampleT:
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


def coco_set(config: SetConfig, where: str) -> CocoDatasetConfig:
    """``config`` when it is a COCO set; ``ArgumentError`` naming ``where`` otherwise."""
    if isinstance(config, CocoDatasetConfig):
        return config
    raise ArgumentError(
        part="build_datasets",
        argument=where,
        received=f"{where}.format: {config.format}",
        expected=f"{where}.format: coco (task detection reads COCO sets)",
        fix="give a COCO set (images and annotations), or set the task that reads "
        f"{config.format} sets",
    )


def _dataset(config: SetConfig, *, image_size: tuple[int, int], train: bool) -> CocoDataset:
    coco = coco_set(config, "data.train" if train else "data.val")
    transforms = train_transforms(image_size) if train else eval_transforms(image_size)
    return CocoDataset(
        Path(coco.images), Path(coco.annotations), transforms=transforms, mode="strict"
    )


def build_datasets(config: DataConfig) -> Datasets:
    """The training set (augmented) and the validation set (letterboxed), checked up front."""
    size = (config.image_size[0], config.image_size[1])
    return Datasets(
        train=_dataset(config.train, image_size=size, train=True),
        val=None if config.val is None else _dataset(config.val, image_size=size, train=False),
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
    """Shuffled per epoch from ``seed`` (resumable) and split over DDP ranks; its workers
    end with the process that started them."""
    seeded = EpochSeeded(dataset, seed=seed)
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
