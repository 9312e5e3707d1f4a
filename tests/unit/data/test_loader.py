"""Batching through a real DataLoader with two worker processes, and seeded repeatability."""

import pytest
import torch

from plugtrain.data import Batch, CocoDataset, collate, make_loader, train_transforms
from plugtrain.errors import DataError
from tests.unit.data.conftest import CocoFiles


def _epoch(dataset: CocoDataset, *, seed: int, workers: int) -> list[Batch]:
    loader = make_loader(dataset, batch_size=3, shuffle=True, num_workers=workers, seed=seed)
    return list(loader)


def test_two_workers_load_every_image_once(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations, transforms=train_transforms((40, 40)))

    batches = _epoch(dataset, seed=0, workers=2)

    assert [len(b) for b in batches] == [3, 1]
    assert sorted(i for b in batches for i in b.image_ids) == [1, 2, 3, 4]
    for batch in batches:
        assert isinstance(batch, Batch)
        assert batch.images.shape[1:] == (3, 64, 64)  # 40 padded to a multiple of 32
        assert all(t.image_size == (40, 40) for t in batch.targets)


def test_same_seed_same_batches_and_augmentations(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations, transforms=train_transforms((40, 40)))

    first = _epoch(dataset, seed=5, workers=2)
    again = _epoch(dataset, seed=5, workers=2)
    other = _epoch(dataset, seed=6, workers=2)

    assert [b.image_ids for b in first] == [b.image_ids for b in again]
    for a, b in zip(first, again, strict=True):
        assert torch.equal(a.images, b.images)
        assert all(torch.equal(x.boxes, y.boxes) for x, y in zip(a.targets, b.targets, strict=True))
    assert any(not torch.equal(a.images, b.images) for a, b in zip(first, other, strict=False))


def test_batch_moves_and_checks_lengths(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations)
    batch = collate([dataset[0], dataset[1]])

    moved = batch.to("cpu")
    assert torch.equal(moved.images, batch.images)
    assert moved.image_sizes == [(64, 64), (64, 64)]
    with pytest.raises(DataError, match=r"Batch of 2 images got \{'image_ids': 1\}"):
        Batch(
            images=batch.images,
            targets=batch.targets,
            image_ids=(1,),
            file_names=batch.file_names,
            mappings=batch.mappings,
        )


def test_collate_and_loader_refuse_bad_arguments(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations)
    with pytest.raises(DataError, match="collate got no samples"):
        collate([])
    with pytest.raises(DataError, match="size_divisor must be >= 1, got 0"):
        collate([dataset[0]], size_divisor=0)
    with pytest.raises(DataError, match="batch_size must be >= 1, got 0"):
        make_loader(dataset, batch_size=0)
