"""The labeled/unlabeled split and the paired data set of the semi-supervised setup."""

import json
from pathlib import Path

import pytest
import torch
from torch.utils.data import Dataset

from plugtrain.data import (
    CocoDataset,
    SemiSupervisedDataset,
    UnlabeledSample,
    collate_semi,
    eval_transforms,
    make_shapes_dataset,
    split_labeled_unlabeled,
)
from plugtrain.errors import DataError
from tests.detection_helpers import floats


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shapes")
    make_shapes_dataset(root, num_train=20, num_val=2, size=48, seed=0, workers=1)
    return root


def test_the_split_keeps_a_fraction_of_the_labels_and_links_the_rest(
    shapes: Path, tmp_path: Path
) -> None:
    split = split_labeled_unlabeled(
        shapes / "train", shapes / "train.json", tmp_path, labeled_fraction=0.1, seed=3
    )
    assert (split.num_labeled, split.num_unlabeled) == (2, 18)
    labeled = json.loads(split.labeled_annotations.read_text())
    labeled_files = {record["file_name"] for record in labeled["images"]}
    unlabeled_files = {path.name for path in split.unlabeled_images.iterdir()}
    assert len(unlabeled_files) == 18
    assert not labeled_files & unlabeled_files
    image_ids = {record["id"] for record in labeled["images"]}
    assert {a["image_id"] for a in labeled["annotations"]} <= image_ids
    again = split_labeled_unlabeled(
        shapes / "train", shapes / "train.json", tmp_path / "again", labeled_fraction=0.1, seed=3
    )
    assert json.loads(again.labeled_annotations.read_text()) == labeled


def test_a_split_that_leaves_a_part_empty_is_refused(shapes: Path, tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        split_labeled_unlabeled(
            shapes / "train", shapes / "train.json", tmp_path, labeled_fraction=1.0
        )
    assert "labeled_fraction must be in (0, 1), got 1.0" in str(caught.value)


class _Images(Dataset[UnlabeledSample]):
    def __init__(self, count: int) -> None:
        self.images = torch.rand(count, 3, 48, 48, generator=torch.Generator().manual_seed(0))

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> UnlabeledSample:
        return UnlabeledSample(image=self.images[index], file=f"{index}.png")


def test_an_epoch_covers_every_image_and_items_are_seeded(shapes: Path) -> None:
    labeled = CocoDataset(
        shapes / "train", shapes / "train.json", transforms=eval_transforms((48, 48))
    )
    paired = SemiSupervisedDataset(labeled, _Images(50), ratio=2, seed=1)
    assert len(paired) == 25  # 50 unlabeled images, 2 per labeled one
    seen = torch.cat([paired[i].weak for i in range(len(paired))])
    assert seen.shape == (50, 3, 48, 48)
    assert len({tuple(floats(row.flatten()[:8])) for row in seen}) == 50
    first, again = paired[3], paired[3]
    assert torch.equal(first.strong, again.strong)
    assert not torch.equal(first.strong, first.weak)  # photometric augmentation
    paired.set_epoch(1)
    assert not torch.equal(paired[3].weak, first.weak)  # a new order each epoch
    batch = collate_semi([paired[0], paired[1]])
    assert batch.weak.shape == batch.strong.shape == (4, 3, 48, 48)
    assert len(batch.labeled_targets) == 2


def test_empty_parts_are_refused(shapes: Path) -> None:
    labeled = CocoDataset(
        shapes / "train", shapes / "train.json", transforms=eval_transforms((48, 48))
    )
    with pytest.raises(DataError) as caught:
        SemiSupervisedDataset(labeled, _Images(0))
    assert "needs labeled and unlabeled images; got 20 labeled and 0 unlabeled" in str(caught.value)
