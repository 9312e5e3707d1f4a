"""The domain-adversarial setup (DANN): source folders, unlabeled target images, target accuracy.

``task: {type: domain_adversarial}``. ``data.train`` (``format: folders``) is the labeled
source domain; a fraction ``task.holdout`` of it is kept out of training as held-out
source images. ``data.unlabeled`` holds the target domain's images; each training batch
pairs ``data.batch_size`` source images with as many target images. ``data.val``
(``format: folders``) holds labeled target images.

Metrics: ``target_accuracy``, the top-1 accuracy on ``data.val``; ``domain_accuracy``, the
balanced accuracy of the model's own domain classifier telling the held-out source images
from the ``data.val`` target images (0.5 is chance: the features no longer show the
domain; 1.0: they separate the domains completely).
"""

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, final

import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader, Dataset, Subset

from plugtrain._seed import seed_everything
from plugtrain.builders import MODEL_BUILDERS, EpochSeeded
from plugtrain.config import DomainAdversarialTaskConfig, ExperimentConfig
from plugtrain.data import (
    ClassificationSample,
    FolderDataset,
    ImageFolderDataset,
    UnlabeledSample,
    collate_classification,
    collate_unlabeled,
)
from plugtrain.errors import ArgumentError, DataError
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD, DomainAdversarialClassifier
from plugtrain.runs._domain_lambda import DomainLambdaSchedule
from plugtrain.runs._output import RunFolder
from plugtrain.runs._plots import save_classification_grid
from plugtrain.runs._setup import PreparedRun, Setup
from plugtrain.runs._setup_classification import (
    classification_eval_loader,
    evaluate_classifier,
    folder_set,
    require_same_classes,
)
from plugtrain.tasks import ClassificationBatch, DomainAdversarialBatch, DomainAdversarialTask
from plugtrain.training import ResumableSampler, end_with_parent

__all__ = [
    "DomainAdversarialSetup",
    "DomainPair",
    "PairedDomains",
    "collate_pairs",
    "domain_accuracy",
    "holdout_split",
]

_TRAIN_FLIP: Final = 0.5
_PAIR_STREAM: Final = 7_919


@dataclass(frozen=True)
class DomainPair:
    """One labeled source sample and one unlabeled target sample."""

    source: ClassificationSample
    target: UnlabeledSample


@final
class PairedDomains(Dataset[DomainPair]):
    """Source sample ``i`` with a target sample drawn for it: every target image once per
    pass through the target set, in an order fixed by (seed, epoch).

    Its length is the source's: an epoch is one pass over the labeled source images. The
    trainer calls :meth:`set_epoch`, which also seeds both sets' flips per sample.
    """

    def __init__(
        self,
        source: Subset[ClassificationSample],
        target: ImageFolderDataset,
        *,
        seed: int,
    ) -> None:
        source_size, target_size = len(source), len(target)
        if source_size < 1 or target_size < 1:
            raise ArgumentError(
                part="PairedDomains",
                argument="source_size" if source_size < 1 else "target_size",
                received=min(source_size, target_size),
                expected="at least one image in each domain",
                fix="give data.train and data.unlabeled at least one image each",
            )
        self.source = EpochSeeded(source, seed=seed)
        self.target = EpochSeeded(target, seed=seed + _PAIR_STREAM)
        self.source_size: Final = source_size
        self.target_size: Final = target_size
        self.seed: Final = seed
        self._order = self._target_order(0)

    def _target_order(self, epoch: int) -> list[int]:
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch + _PAIR_STREAM)
        passes = math.ceil(self.source_size / self.target_size)
        orders = [torch.randperm(self.target_size, generator=generator) for _ in range(passes)]
        return [int(i) for i in torch.cat(orders)[: self.source_size]]

    def set_epoch(self, epoch: int) -> None:
        self.source.set_epoch(epoch)
        self.target.set_epoch(epoch)
        self._order = self._target_order(epoch)

    def __len__(self) -> int:
        return self.source_size

    def __getitem__(self, index: int) -> DomainPair:
        return DomainPair(source=self.source[index], target=self.target[self._order[index]])


def collate_pairs(pairs: Sequence[DomainPair]) -> DomainAdversarialBatch:
    """Stack and normalise both domains (ImageNet mean and std, as the classifier)."""
    source = collate_classification([p.source for p in pairs], mean=IMAGENET_MEAN, std=IMAGENET_STD)
    target = collate_unlabeled([p.target for p in pairs], mean=IMAGENET_MEAN, std=IMAGENET_STD)
    return DomainAdversarialBatch(
        images=source.images, labels=source.labels, target_images=target.images
    )


def holdout_split(size: int, fraction: float, seed: int, root: str) -> tuple[list[int], list[int]]:
    """(training, held-out) indices of a set of ``size``: ``fraction`` of it held out."""
    held = max(1, round(size * fraction))
    if size - held < 1:
        raise DataError(
            f"{root} has {size} image(s): too few to keep {held} out for domain_accuracy and "
            f"train on the rest; add images, or lower task.holdout (now {fraction})",
            file=root,
        )
    order = [int(i) for i in torch.randperm(size, generator=torch.Generator().manual_seed(seed))]
    return sorted(order[held:]), sorted(order[:held])


def _images(
    model: nn.Module, loader: DataLoader[ClassificationSample], device: torch.device
) -> Tensor:
    """The model's target-domain logits of every image of ``loader``."""
    if not isinstance(model, DomainAdversarialClassifier):
        raise ArgumentError(
            part="domain_accuracy",
            argument="model",
            received=type(model).__name__,
            expected="a DomainAdversarialClassifier",
            fix="evaluate a model built for task.type: domain_adversarial",
        )
    logits: list[Tensor] = []
    for batch in loader:
        if not isinstance(batch, ClassificationBatch):
            raise ArgumentError(
                part="domain_accuracy",
                argument="loader",
                received=f"a loader that yields {type(batch).__name__}",
                expected="a loader that yields ClassificationBatch",
                fix="build it with classification_eval_loader",
            )
        logits.append(model.domain_logits(batch.images.to(device)).float().cpu())
    return torch.cat(logits)


def domain_accuracy(
    model: nn.Module,
    *,
    source: DataLoader[ClassificationSample],
    target: DataLoader[ClassificationSample],
    device: torch.device,
) -> float:
    """Balanced accuracy of the model's domain classifier: the mean of the share of
    ``source`` images it calls source and the share of ``target`` images it calls target."""
    was_training = model.training
    model.eval()
    with torch.no_grad():
        on_source = _images(model, source, device)
        on_target = _images(model, target, device)
    model.train(was_training)
    return 0.5 * (float((on_source < 0).float().mean()) + float((on_target > 0).float().mean()))


def _evaluate(
    model: nn.Module,
    *,
    val: DataLoader[ClassificationSample],
    held_out: DataLoader[ClassificationSample],
    device: torch.device,
) -> dict[str, float]:
    target = evaluate_classifier(model, val, device=device)["top1_accuracy"]
    domains = domain_accuracy(model, source=held_out, target=val, device=device)
    return {"target_accuracy": target, "domain_accuracy": domains}


def _task(config: ExperimentConfig) -> DomainAdversarialTaskConfig:
    if isinstance(config.task, DomainAdversarialTaskConfig):
        return config.task
    raise ArgumentError(
        part="DomainAdversarialSetup",
        argument="config",
        received=f"task.type: {config.task.type}",
        expected="task.type: domain_adversarial",
        fix="run the config through plugtrain.runs.SETUPS[config.task.type]",
    )


@final
class DomainAdversarialSetup(Setup):
    """DANN (``task: {type: domain_adversarial}``)."""

    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        task = _task(config)
        data = config.data
        size = (data.image_size[0], data.image_size[1])
        source_root = folder_set(data.train, "data.train").root
        source = FolderDataset(source_root, image_size=size, flip=_TRAIN_FLIP)
        plain_source = FolderDataset(source_root, image_size=size)
        if data.unlabeled is None:
            raise ArgumentError(
                part="DomainAdversarialSetup",
                argument="data.unlabeled",
                received=None,
                expected="a folder of target-domain images (format: images)",
                fix="add data.unlabeled: {format: images, images: <folder>}",
            )
        target = ImageFolderDataset(data.unlabeled.images, image_size=size, flip=_TRAIN_FLIP)
        trained, held = holdout_split(
            len(source), task.holdout, config.train.seed, str(source_root)
        )
        paired = PairedDomains(Subset(source, trained), target, seed=config.train.seed)
        sampler = ResumableSampler(paired, seed=config.train.seed, rank=rank, world_size=world_size)
        loader = DataLoader(
            paired,
            batch_size=min(data.batch_size, max(1, math.ceil(len(paired) / world_size))),
            sampler=sampler,
            num_workers=data.num_workers,
            collate_fn=collate_pairs,
            drop_last=False,
            worker_init_fn=end_with_parent,
        )
        seed_everything(config.train.seed)  # the same initial weights on every rank
        model = MODEL_BUILDERS["domain_adversarial"](config)
        val_config = data.val
        if val_config is None:
            raise ArgumentError(
                part="DomainAdversarialSetup",
                argument="data.val",
                received=None,
                expected="labeled target-domain folders (format: folders)",
                fix="add data.val: {format: folders, root: <folder>}",
            )
        val = FolderDataset(folder_set(val_config, "data.val").root, image_size=size)
        require_same_classes(source, val)
        val_loader = classification_eval_loader(val, data)
        held_loader = classification_eval_loader(Subset(plain_source, held), data)
        return PreparedRun(
            model=model,
            task=DomainAdversarialTask(),
            train_loader=loader,
            steps_per_epoch=len(loader),
            class_names=source.class_names,
            evaluate=functools.partial(
                _evaluate, val=val_loader, held_out=held_loader, device=device
            ),
            callbacks=(DomainLambdaSchedule(lambda_max=task.lambda_max, gamma=task.gamma),),
            write_artifacts=functools.partial(_write_grid, val=val, device=device),
        )


def _write_grid(
    model: nn.Module, folder: RunFolder, *, val: FolderDataset, device: torch.device
) -> None:
    save_classification_grid(
        model, val, folder.val_predictions, device=device, mean=IMAGENET_MEAN, std=IMAGENET_STD
    )
