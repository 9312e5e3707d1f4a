"""The held-out validation split of ``plugtrain suggest``."""

import json
from pathlib import Path

import pytest

from plugtrain.errors import DataError
from plugtrain.suggest import hold_out


def _write(path: Path, count: int, *, groups: int | None = None) -> Path:
    images: list[dict[str, object]] = []
    for i in range(1, count + 1):
        record: dict[str, object] = {"id": i, "file_name": f"{i}.png", "width": 8, "height": 8}
        if groups is not None:
            record["video_id"] = f"v{i % groups}"
        images.append(record)
    document = {
        "images": images,
        "annotations": [
            {"id": i, "image_id": i, "category_id": 1, "bbox": [1, 1, 4, 4]}
            for i in range(1, count + 1)
        ],
        "categories": [{"id": 1, "name": "thing"}],
    }
    path.write_text(json.dumps(document))
    return path


def _ids(path: Path, key: str = "id") -> set[object]:
    return {record[key] for record in json.loads(path.read_text())["images"]}


def test_a_fifth_is_held_out_and_nothing_is_on_both_sides(tmp_path: Path) -> None:
    split = hold_out(_write(tmp_path / "all.json", 50), tmp_path / "split", seed=3)
    assert (split.train_images, split.val_images) == (40, 10)
    assert split.group_key is None
    train, val = _ids(split.train_annotations), _ids(split.val_annotations)
    assert len(val) == 10
    assert not train & val
    assert len(train | val) == 50
    assert "10 of 50 training images held out (20%, seeded)" in split.describe()


def test_whole_groups_go_to_one_side(tmp_path: Path) -> None:
    split = hold_out(_write(tmp_path / "all.json", 60, groups=10), tmp_path / "split")
    assert split.group_key == "video_id"
    train = _ids(split.train_annotations, "video_id")
    val = _ids(split.val_annotations, "video_id")
    assert val
    assert not train & val
    assert "whole groups by 'video_id'" in split.describe()


def test_one_image_cannot_be_split(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        hold_out(_write(tmp_path / "all.json", 1), tmp_path / "split")
    assert "cannot hold out a validation split: 1 image(s) give 1 to train and 0" in str(
        caught.value
    )
    assert "--val-images and --val-annotations" in str(caught.value)
