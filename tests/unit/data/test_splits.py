"""Random and grouped k-fold splits of a COCO file's images."""

from collections import Counter
from typing import Any

import pytest

from plugtrain.data import CocoDataset, grouped_kfold, random_split, subset_coco
from plugtrain.errors import DataError
from tests.unit.data.conftest import CocoFiles


def _document(groups: list[str | int]) -> dict[str, object]:
    return {
        "images": [
            {"id": i + 1, "file_name": f"{i}.png", "width": 8, "height": 8, "video_id": g}
            for i, g in enumerate(groups)
        ],
        "annotations": [{"id": i + 1, "image_id": i + 1} for i in range(len(groups))],
        "categories": [{"id": 1, "name": "a"}],
    }


GROUPS: list[str | int] = ["a", "a", "a", "b", "b", "c", "d", "d", "d", "d", "e", 7]


def test_random_split_partitions_all_images_deterministically() -> None:
    document = _document(GROUPS)

    train, val = random_split(document, fractions=(0.75, 0.25), seed=1)

    assert len(train) == 9
    assert len(val) == 3
    assert sorted(train + val) == list(range(1, 13))
    assert random_split(document, fractions=(0.75, 0.25), seed=1) == [train, val]
    assert random_split(document, fractions=(0.75, 0.25), seed=2) != [train, val]


def test_grouped_random_split_keeps_groups_whole() -> None:
    document = _document(GROUPS)
    group_of = {i + 1: g for i, g in enumerate(GROUPS)}

    parts = random_split(document, fractions=(0.5, 0.5), seed=0, group_key="video_id")

    groups = [{group_of[i] for i in part} for part in parts]
    assert not groups[0] & groups[1]
    assert sorted(parts[0] + parts[1]) == list(range(1, 13))


def test_grouped_kfold_keeps_each_group_in_one_fold() -> None:
    document = _document(GROUPS)
    group_of = {i + 1: g for i, g in enumerate(GROUPS)}

    folds = grouped_kfold(document, k=3, group_key="video_id", seed=0)

    assert len(folds) == 3
    seen: Counter[str | int] = Counter()
    for fold in folds:
        assert not set(fold.train) & set(fold.val)
        assert sorted(fold.train + fold.val) == list(range(1, 13))
        for group in {group_of[i] for i in fold.val}:
            seen[group] += 1
            assert all(group_of[i] != group for i in fold.train)
    assert set(seen.values()) == {1}
    assert len(seen) == 6
    assert sorted(len(f.val) for f in folds) == [4, 4, 4]  # balanced by image count
    assert grouped_kfold(document, k=3, group_key="video_id", seed=0) == folds


def test_grouped_kfold_names_images_without_a_group() -> None:
    document = _document(GROUPS)
    images = document["images"]
    assert isinstance(images, list)
    del images[4]["video_id"]

    with pytest.raises(DataError, match=r"1 image\(s\) have no usable 'video_id' field .* \[5\]"):
        grouped_kfold(document, k=2, group_key="video_id")
    with pytest.raises(DataError, match="needs at least k=9 groups of 'video_id', found 6"):
        grouped_kfold(_document(GROUPS), k=9, group_key="video_id")
    with pytest.raises(DataError, match="fractions must be >= 0 and sum to 1"):
        random_split(document, fractions=(0.5, 0.6))


def test_folds_feed_the_dataset_and_subsets(shapes: CocoFiles) -> None:
    def add_groups(document: dict[str, Any]) -> None:
        for image in document["images"]:
            image["patient_id"] = f"p{(image['id'] + 1) // 2}"

    shapes.edit(add_groups)
    folds = grouped_kfold(shapes.annotations, k=2, group_key="patient_id")

    assert {folds[0].val, folds[1].val} == {(1, 2), (3, 4)}
    dataset = CocoDataset(shapes.images, shapes.annotations, image_ids=folds[0].train)
    assert dataset.image_ids == folds[0].train
    subset: dict[str, Any] = subset_coco(shapes.annotations, folds[0].val)
    assert [i["id"] for i in subset["images"]] == list(folds[0].val)
    assert {a["image_id"] for a in subset["annotations"]} == set(folds[0].val)
