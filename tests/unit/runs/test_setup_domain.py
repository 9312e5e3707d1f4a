"""The DANN setup's data: source/target pairs, the held-out split, domain accuracy."""

from pathlib import Path

import pytest
from PIL import Image
from torch.utils.data import Subset

from plugtrain.data import FolderDataset, ImageFolderDataset
from plugtrain.errors import DataError
from plugtrain.runs._setup_domain import PairedDomains, collate_pairs, holdout_split


def _folders(root: Path, counts: dict[str, int], colour: tuple[int, int, int]) -> None:
    for name, count in counts.items():
        (root / name).mkdir(parents=True)
        for index in range(count):
            Image.new("RGB", (8, 8), colour).save(root / name / f"{name}{index}.png")


def _sets(tmp_path: Path) -> tuple[FolderDataset, ImageFolderDataset]:
    _folders(tmp_path / "source", {"a": 3, "b": 2}, (10, 10, 10))
    target = tmp_path / "target"
    target.mkdir()
    for index in range(3):
        Image.new("RGB", (8, 8), (200, 200, 200)).save(target / f"t{index}.png")
    return (
        FolderDataset(tmp_path / "source", image_size=(8, 8)),
        ImageFolderDataset(target, image_size=(8, 8)),
    )


def test_every_source_sample_gets_a_target_sample_each_target_once_per_pass(
    tmp_path: Path,
) -> None:
    source, target = _sets(tmp_path)
    paired = PairedDomains(Subset(source, [0, 1, 2, 3, 4]), target, seed=3)
    assert len(paired) == 5
    files = [paired[i].target.file for i in range(5)]
    assert len(set(files[:3])) == 3  # the first pass covers the target set once
    batch = collate_pairs([paired[i] for i in range(5)])
    assert batch.images.shape == batch.target_images.shape == (5, 3, 8, 8)
    assert [int(v) for v in batch.labels] == [paired[i].source.label for i in range(5)]
    # the source is dark, the target light: the two stay apart after normalising
    assert float(batch.images.mean()) < float(batch.target_images.mean())


def test_the_pairing_is_fixed_by_seed_and_epoch(tmp_path: Path) -> None:
    source, target = _sets(tmp_path)
    subset = Subset(source, [0, 1, 2, 3, 4])

    def order(seed: int, epoch: int) -> list[str]:
        paired = PairedDomains(subset, target, seed=seed)
        paired.set_epoch(epoch)
        return [paired[i].target.file for i in range(5)]

    assert order(1, 2) == order(1, 2)
    assert {tuple(order(1, e)) for e in range(6)} != {tuple(order(1, 0))}


def test_the_held_out_split_is_seeded_and_disjoint() -> None:
    trained, held = holdout_split(20, 0.1, 0, "data")
    assert len(held) == 2
    assert sorted(trained + held) == list(range(20))
    assert holdout_split(20, 0.1, 0, "data") == (trained, held)
    assert holdout_split(20, 0.1, 1, "data") != (trained, held)


def test_too_small_a_source_set_is_a_data_error() -> None:
    with pytest.raises(DataError, match=r"data/src has 1 image\(s\): too few to keep 1 out"):
        holdout_split(1, 0.1, 0, "data/src")
