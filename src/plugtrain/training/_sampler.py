"""A shuffling sampler that can start an epoch part-way through and split over DDP ranks."""

from collections.abc import Iterator, Sized
from typing import final

import torch
from torch.utils.data import Sampler

from plugtrain.errors import ArgumentError

__all__ = ["ResumableSampler"]


@final
class ResumableSampler(Sampler[int]):
    """Each epoch's order depends only on ``(seed, epoch)``, so a resumed run sees the same
    samples in the same order; ``rank``/``world_size`` give every DDP rank its own share
    (padded by repetition so all ranks take the same number of steps)."""

    def __init__(
        self,
        data: Sized,
        *,
        seed: int,
        shuffle: bool = True,
        rank: int = 0,
        world_size: int = 1,
    ) -> None:
        if not 0 <= rank < world_size:
            raise ArgumentError(
                part="ResumableSampler",
                argument="rank",
                received=rank,
                expected=f"an integer in [0, world_size={world_size})",
                fix="pass the process's rank from torch.distributed.get_rank()",
            )
        self.size = len(data)
        self.seed = seed
        self.shuffle = shuffle
        self.rank = rank
        self.world_size = world_size
        self.epoch = 0
        self.skip = 0

    def set_epoch(self, epoch: int, *, skip: int = 0) -> None:
        """Use epoch ``epoch``'s order and leave out its first ``skip`` samples (of this rank)."""
        self.epoch = epoch
        self.skip = skip

    def _indices(self) -> list[int]:
        if self.shuffle:
            generator = torch.Generator().manual_seed(self.seed * 100_003 + self.epoch)
            order = [int(i) for i in torch.randperm(self.size, generator=generator)]
        else:
            order = list(range(self.size))
        per_rank = -(-self.size // self.world_size)
        padded = (order * (-(-per_rank * self.world_size // max(self.size, 1))))[
            : per_rank * self.world_size
        ]
        return padded[self.rank :: self.world_size]

    def __iter__(self) -> Iterator[int]:
        return iter(self._indices()[self.skip :])

    def __len__(self) -> int:
        return max(0, -(-self.size // self.world_size) - self.skip)
