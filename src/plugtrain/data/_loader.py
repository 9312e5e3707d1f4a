"""Batching: ``collate`` into a :class:`Batch`, seeded workers, and ``make_loader``."""

import functools
import random
from collections.abc import Callable, Sequence
from typing import cast

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import DataLoader, Dataset, get_worker_info

from plugtrain.data._sample import Batch, Sample
from plugtrain.errors import DataError
from plugtrain.typing import checked

__all__ = ["collate", "make_loader", "seed_worker"]


def _round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


@checked
def collate(samples: Sequence[Sample], *, size_divisor: int = 32, fill: float = 0.0) -> Batch:
    """Stack samples into a :class:`Batch`, padding images bottom/right with ``fill`` to the
    largest height and width, rounded up to a multiple of ``size_divisor`` (FPN strides
    need it). Boxes do not move; each Targets keeps its image's own size."""
    if not samples:
        raise DataError("collate got no samples; expected at least one")
    if size_divisor < 1:
        raise DataError(f"size_divisor must be >= 1, got {size_divisor}")
    height = _round_up(max(int(s.image.shape[1]) for s in samples), size_divisor)
    width = _round_up(max(int(s.image.shape[2]) for s in samples), size_divisor)
    first = samples[0].image
    shape = (len(samples), 3, height, width)
    images = _batch_buffer(shape, first.dtype, first.device)
    if any(tuple(s.image.shape[1:]) != (height, width) for s in samples):
        images.fill_(fill)
    for index, sample in enumerate(samples):
        images[index, :, : sample.image.shape[1], : sample.image.shape[2]].copy_(sample.image)
    return Batch(
        images=images,
        targets=[s.targets for s in samples],
        image_ids=tuple(s.image_id for s in samples),
        file_names=tuple(s.file_name for s in samples),
        mappings=tuple(s.mapping for s in samples),
    )


def _batch_buffer(
    shape: tuple[int, int, int, int], dtype: torch.dtype, device: torch.device
) -> Tensor:
    """An uninitialised tensor; in a DataLoader worker, directly in shared memory.

    A worker's batch travels to the main process through shared memory; allocating it
    there up front saves copying every batch once more (torch's default_collate does the
    same).
    """
    if get_worker_info() is None or device.type != "cpu":
        return torch.empty(shape, dtype=dtype, device=device)
    count = shape[0] * shape[1] * shape[2] * shape[3]
    nbytes = count * torch.empty((), dtype=dtype).element_size()
    new_shared = cast(
        Callable[[int], torch.UntypedStorage],
        torch.UntypedStorage._new_shared,  # pyright: ignore[reportPrivateUsage, reportUnknownMemberType]  # what torch's default_collate calls; no public equivalent
    )
    _, channels, height, width = shape
    strides = (channels * height * width, height * width, width, 1)
    return torch.empty(0, dtype=dtype).set_(new_shared(nbytes), 0, shape, strides)


def seed_worker(worker_id: int) -> None:
    """``worker_init_fn``: seed Python's and NumPy's generators from the worker's torch seed.

    The DataLoader already seeds torch in each worker with ``base_seed + worker_id``
    (``base_seed`` drawn from the loader's ``generator``); this carries that seed over to
    ``random`` and ``numpy`` so no worker repeats another's augmentation.
    """
    del worker_id  # the torch seed already includes it
    seed = torch.initial_seed() % 2**32
    random.seed(seed)
    np.random.seed(seed)  # the legacy global generator some augmentation code uses


def make_loader(
    dataset: Dataset[Sample],
    *,
    batch_size: int,
    shuffle: bool = False,
    num_workers: int = 0,
    seed: int = 0,
    drop_last: bool = False,
    size_divisor: int = 32,
    pin_memory: bool = False,
) -> DataLoader[Sample]:
    """A DataLoader yielding :class:`Batch` objects, repeatable for a ``seed``.

    The loader's own generator (seeded with ``seed``) orders the shuffle and seeds each
    worker, so two loaders with the same seed and ``num_workers`` give the same batches and
    the same random augmentations. With ``num_workers=0`` augmentations draw from the main
    process's torch generator (seed it with ``torch.manual_seed``).
    """
    if batch_size < 1:
        raise DataError(f"batch_size must be >= 1, got {batch_size}")
    if num_workers < 0:
        raise DataError(f"num_workers must be >= 0, got {num_workers}")
    generator = torch.Generator()
    generator.manual_seed(seed)
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        num_workers=num_workers,
        collate_fn=functools.partial(collate, size_divisor=size_divisor),
        worker_init_fn=seed_worker if num_workers > 0 else None,
        generator=generator,
        drop_last=drop_last,
        pin_memory=pin_memory,
        persistent_workers=num_workers > 0,
    )
