"""The images of any set, without labels: what the self-supervised setups learn from.

``format: images`` is read as it is; the images of a ``folders`` set (all classes) or of a
``coco`` set (its images folder) serve as well, their labels unread. Loaders batch them as
:class:`~plugtrain.tasks.UnlabeledBatch` (normalised with the ImageNet mean and std, as
every setup normalises), in the order of the resumable, per-epoch seeded sampler.
"""

import functools
import math
from collections.abc import Callable, Sequence
from typing import Final, Protocol, TypeVar, cast, final

from torch.utils.data import DataLoader, Dataset

from plugtrain.builders import EpochSeeded
from plugtrain.config import (
    DataConfig,
    ExperimentConfig,
    FolderDatasetConfig,
    SetConfig,
)
from plugtrain.data import FolderDataset, ImageFolderDataset, UnlabeledSample, collate_unlabeled
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD
from plugtrain.tasks import UnlabeledBatch
from plugtrain.training import ResumableSampler, end_with_parent

__all__ = ["ImageSamples", "collate_images", "eval_images_loader", "images_of", "train_loader_of"]

SampleT = TypeVar("SampleT")
SampleT_co = TypeVar("SampleT_co", covariant=True)
BatchT = TypeVar("BatchT")


class _Indexed(Protocol[SampleT_co]):
    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> SampleT_co: ...


ImageSamples = _Indexed[UnlabeledSample]
"""A sized set of unlabeled samples (an ``ImageFolderDataset`` or a folders set's images)."""

collate_images: Final[Callable[[Sequence[UnlabeledSample]], UnlabeledBatch]] = functools.partial(
    collate_unlabeled, mean=IMAGENET_MEAN, std=IMAGENET_STD
)
"""Stack and normalise unlabeled samples (ImageNet mean and std)."""


@final
class _WithoutLabels(Dataset[UnlabeledSample]):
    """The images of a folders set as unlabeled samples."""

    def __init__(self, dataset: FolderDataset) -> None:
        self.dataset = dataset

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> UnlabeledSample:
        sample = self.dataset[index]
        return UnlabeledSample(image=sample.image, file=sample.file)


def images_of(
    config: SetConfig, *, image_size: tuple[int, int], flip: float = 0.0
) -> ImageFolderDataset | _WithoutLabels:
    """The images of ``config`` resized to ``image_size`` (every file checked up front:
    ``DataError`` naming the first that does not decode)."""
    if isinstance(config, FolderDatasetConfig):
        return _WithoutLabels(FolderDataset(config.root, image_size=image_size, flip=flip))
    # a coco set's images folder, or an images set
    return ImageFolderDataset(config.images, image_size=image_size, flip=flip)


def train_loader_of(
    dataset: _Indexed[SampleT],
    config: ExperimentConfig,
    *,
    collate: Callable[[list[SampleT]], BatchT],
    rank: int,
    world_size: int,
) -> DataLoader[SampleT]:
    """This rank's share of ``dataset`` in batches of ``data.batch_size``, each sample's
    randomness seeded from (seed, epoch, index) so a resumed run sees the same batches."""
    seed = config.train.seed
    seeded = EpochSeeded(dataset, seed=seed)
    sampler = ResumableSampler(seeded, seed=seed, rank=rank, world_size=world_size)
    size = len(seeded)
    batch_size = min(config.data.batch_size, max(1, math.ceil(size / world_size)))
    return DataLoader(
        seeded,
        batch_size=batch_size,
        sampler=sampler,
        num_workers=config.data.num_workers,
        collate_fn=collate,
        drop_last=False,
        worker_init_fn=end_with_parent,
    )


def eval_images_loader(dataset: ImageSamples, data: DataConfig) -> DataLoader[UnlabeledSample]:
    """Every image once, in order, batched as ``data.batch_size``."""
    return DataLoader(
        cast(Dataset[UnlabeledSample], dataset),
        batch_size=data.batch_size,
        shuffle=False,
        num_workers=data.num_workers,
        collate_fn=collate_images,
        worker_init_fn=end_with_parent,
    )
