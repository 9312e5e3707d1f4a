"""Labeled samples paired with unlabeled images in two views, for semi-supervised training.

Item ``i`` of an epoch is labeled sample ``i mod L`` and ``ratio`` unlabeled images taken
from that epoch's permutation of the unlabeled set. An epoch is long enough for both: every
labeled sample and every unlabeled image comes at least once. Each unlabeled image comes
as a weak view (as loaded: resized) and a strong view (the same pixels under photometric
augmentation: colour jitter, grey scale, blur, erased patches; torchvision
``transforms.v2``), pixel-aligned, so a box found on the weak view fits the strong one.
All randomness of an item is seeded from (seed, epoch, index), so a resumed run sees the
batches an uninterrupted one would, whatever worker loads them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import final

import torch
from jaxtyping import Float
from torch import Tensor
from torch.utils.data import Dataset
from torchvision.transforms import v2

from plugtrain.config import semi_epoch_items
from plugtrain.data._folders import UnlabeledSample
from plugtrain.data._loader import collate
from plugtrain.data._sample import Sample
from plugtrain.errors import DataError
from plugtrain.tasks import SemiSupervisedBatch

__all__ = [
    "SemiSupervisedDataset",
    "SemiSupervisedItem",
    "collate_semi",
    "strong_photometric",
]


def strong_photometric() -> Callable[[Tensor], Tensor]:
    """The strong view's augmentation of a (3, height, width) image in [0, 1]; geometry
    unchanged (the task flips, boxes included)."""
    return v2.Compose(
        [
            v2.RandomApply([v2.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
            v2.RandomGrayscale(p=0.2),
            v2.RandomApply([v2.GaussianBlur(kernel_size=5, sigma=(0.1, 2.0))], p=0.5),
            v2.RandomErasing(p=0.7, scale=(0.02, 0.1), ratio=(0.3, 3.3), value=0.5),
            v2.RandomErasing(p=0.5, scale=(0.02, 0.1), ratio=(0.3, 3.3), value=0.5),
        ]
    )


@dataclass(frozen=True)
class SemiSupervisedItem:
    """One labeled sample and ``ratio`` unlabeled images, each in a weak and a strong view."""

    labeled: Sample
    weak: Float[Tensor, "ratio 3 height width"]
    strong: Float[Tensor, "ratio 3 height width"]


@final
class SemiSupervisedDataset(Dataset[SemiSupervisedItem]):
    """``labeled`` (augmented detection samples) paired with ``unlabeled`` images.

    ``unlabeled[j].image`` is a (3, height, width) image in [0, 1], all of one size (the
    weak view); ``ratio`` unlabeled images come with each labeled sample. The trainer calls
    :meth:`set_epoch` before each epoch.
    """

    def __init__(
        self,
        labeled: Dataset[Sample],
        unlabeled: Dataset[UnlabeledSample],
        *,
        ratio: int = 1,
        seed: int = 0,
        strong: Callable[[Tensor], Tensor] | None = None,
    ) -> None:
        self.num_labeled = len(labeled)  # type: ignore[arg-type]  # map-style data sets have a length
        self.num_unlabeled = len(unlabeled)  # type: ignore[arg-type]  # as above
        if self.num_labeled == 0 or self.num_unlabeled == 0:
            raise DataError(
                f"semi-supervised training needs labeled and unlabeled images; got "
                f"{self.num_labeled} labeled and {self.num_unlabeled} unlabeled"
            )
        if ratio < 1:
            raise DataError(f"ratio (unlabeled images per labeled one) must be >= 1, got {ratio}")
        self.labeled = labeled
        self.unlabeled = unlabeled
        self.ratio = ratio
        self.seed = seed
        self.strong = strong or strong_photometric()
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return semi_epoch_items(self.num_labeled, self.num_unlabeled, self.ratio)

    def _unlabeled_indices(self, index: int) -> Sequence[int]:
        order = torch.randperm(
            self.num_unlabeled,
            generator=torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch),
        )
        return [
            int(order[(index * self.ratio + k) % self.num_unlabeled]) for k in range(self.ratio)
        ]

    def __getitem__(self, index: int) -> SemiSupervisedItem:
        # Restore the caller's generator after: with num_workers=0 this runs in the trainer.
        outer = torch.get_rng_state()
        try:
            torch.manual_seed(  # pyright: ignore[reportUnknownMemberType]  # torch leaves seed unannotated
                (self.seed * 1_000_003 + self.epoch) * 1_000_033 + index
            )
            labeled = self.labeled[index % self.num_labeled]
            weak = torch.stack([self.unlabeled[j].image for j in self._unlabeled_indices(index)])
            strong = torch.stack([self.strong(image) for image in weak])
        finally:
            torch.set_rng_state(outer)
        return SemiSupervisedItem(labeled=labeled, weak=weak, strong=strong)


def collate_semi(items: Sequence[SemiSupervisedItem]) -> SemiSupervisedBatch:
    """The labeled samples padded into one tensor (see :func:`collate`), the unlabeled views
    stacked."""
    labeled = collate([item.labeled for item in items])
    return SemiSupervisedBatch(
        labeled_images=labeled.images,
        labeled_targets=labeled.targets,
        weak=torch.cat([item.weak for item in items]),
        strong=torch.cat([item.strong for item in items]),
    )
