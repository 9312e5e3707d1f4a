"""FolderDataset and ImageFolderDataset: checked up front, samples, batches; the crops."""

from pathlib import Path

import pytest
import torch
from PIL import Image

from plugtrain.data import (
    SHAPE_CLASSES,
    FolderDataset,
    ImageFolderDataset,
    collate_classification,
    collate_unlabeled,
    make_crops_dataset,
    render_crop,
)
from plugtrain.errors import ArgumentError, DataError


@pytest.fixture(scope="module")
def crops(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crops")
    make_crops_dataset(root, num_train=9, num_val=3, size=24, seed=0, workers=1)
    return root


def test_crops_are_one_folder_per_class_in_equal_numbers(crops: Path) -> None:
    for name in SHAPE_CLASSES:
        assert len(list((crops / "train" / name).glob("*.png"))) == 3
        assert len(list((crops / "val" / name).glob("*.png"))) == 1


def test_crops_are_the_same_for_a_seed() -> None:
    first, label = render_crop(3, "train", 5, size=24)
    again, same = render_crop(3, "train", 5, size=24)
    other, _ = render_crop(4, "train", 5, size=24)
    assert (first == again).all()
    assert label == same == 5 % len(SHAPE_CLASSES)
    assert not (first == other).all()
    assert first.shape == (24, 24, 3)


def test_bad_crop_arguments_are_argument_errors(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="at least 16 pixels"):
        make_crops_dataset(tmp_path, size=8)
    with pytest.raises(ArgumentError, match="one per class"):
        make_crops_dataset(tmp_path, num_train=2)


def test_a_folder_dataset_gives_resized_samples_and_normalised_batches(crops: Path) -> None:
    dataset = FolderDataset(crops / "train", image_size=(16, 20))
    assert dataset.class_names == SHAPE_CLASSES
    assert len(dataset) == 9
    sample = dataset[0]
    assert sample.image.shape == (3, 16, 20)
    assert 0.0 <= float(sample.image.min()) <= float(sample.image.max()) <= 1.0
    batch = collate_classification([dataset[0], dataset[8]], mean=(0.5,) * 3, std=(0.5,) * 3)
    assert batch.images.shape == (2, 3, 16, 20)
    assert [int(label) for label in batch.labels] == [0, 2]
    assert torch.allclose(batch.images[0], (sample.image - 0.5) / 0.5)


def test_a_flip_of_probability_one_mirrors_every_image(crops: Path) -> None:
    plain = FolderDataset(crops / "val", image_size=(24, 24))[0].image
    flipped = FolderDataset(crops / "val", image_size=(24, 24), flip=1.0)[0].image
    assert torch.equal(flipped, plain.flip(-1))


def test_a_truncated_image_stops_the_set_up_front_naming_it(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        Image.new("RGB", (8, 8)).save(tmp_path / name / "ok.png")
    broken = tmp_path / "b" / "broken.png"
    broken.write_bytes((tmp_path / "a" / "ok.png").read_bytes()[:40])
    with pytest.raises(DataError, match="cannot be used") as caught:
        FolderDataset(tmp_path, image_size=(8, 8))
    assert caught.value.file == str(broken)
    assert f"plugtrain data check --folders {tmp_path}" in str(caught.value)


def test_an_images_folder_gives_unlabeled_batches(crops: Path) -> None:
    dataset = ImageFolderDataset(crops / "train" / "circle", image_size=(12, 12))
    assert len(dataset) == 3
    batch = collate_unlabeled([dataset[0], dataset[1]], mean=(0.0,) * 3, std=(1.0,) * 3)
    assert batch.images.shape == (2, 3, 12, 12)


def test_bad_dataset_arguments_are_argument_errors(crops: Path) -> None:
    with pytest.raises(ArgumentError, match="two positive ints"):
        FolderDataset(crops / "train", image_size=(0, 8))
    with pytest.raises(ArgumentError, match=r"a probability in \[0, 1\]"):
        FolderDataset(crops / "train", image_size=(8, 8), flip=2.0)
