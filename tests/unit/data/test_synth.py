"""The synthetic shapes set: valid COCO, deterministic for a seed, learnable objects."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from plugtrain.data import SHAPE_CLASSES, CocoDataset, check_coco, make_shapes_dataset
from plugtrain.errors import ArgumentError


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_writes_a_clean_coco_set_in_the_reference_layout(tmp_path: Path) -> None:
    made = make_shapes_dataset(tmp_path / "shapes", num_train=6, num_val=3, size=64, seed=1)

    assert made.train_images == tmp_path / "shapes" / "train"
    assert made.train_annotations == tmp_path / "shapes" / "train.json"
    assert made.val_annotations == tmp_path / "shapes" / "val.json"
    assert len(list(made.train_images.glob("*.png"))) == 6
    assert len(list(made.val_images.glob("*.png"))) == 3
    for images, annotations in (
        (made.train_images, made.train_annotations),
        (made.val_images, made.val_annotations),
    ):
        report = check_coco(images, annotations, box_tolerance=0.0)
        assert report.ok, report.to_text()
    document = json.loads(made.train_annotations.read_text())
    assert [c["name"] for c in document["categories"]] == list(SHAPE_CLASSES)
    assert [c["id"] for c in document["categories"]] == [1, 2, 3]
    assert all(
        1 <= sum(a["image_id"] == i["id"] for a in document["annotations"]) <= 6
        for i in document["images"]
    )


def test_same_seed_same_bytes_whatever_the_threads(tmp_path: Path) -> None:
    make_shapes_dataset(tmp_path / "a", num_train=5, num_val=2, size=48, seed=3, workers=1)
    make_shapes_dataset(tmp_path / "b", num_train=5, num_val=2, size=48, seed=3, workers=3)
    make_shapes_dataset(tmp_path / "c", num_train=5, num_val=2, size=48, seed=4, workers=1)

    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_objects_are_large_enough_to_learn(tmp_path: Path) -> None:
    made = make_shapes_dataset(tmp_path, num_train=20, num_val=1, size=128, seed=0)
    dataset = CocoDataset(made.train_images, made.train_annotations)

    sides = [float(min(b[2] - b[0], b[3] - b[1])) for _, boxes, _ in dataset.boxes() for b in boxes]
    labels = {int(v) for _, _, labels in dataset.boxes() for v in labels}
    assert min(sides) >= 0.05 * 128
    assert max(sides) <= 0.4 * 128
    assert labels == {0, 1, 2}


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="size must be at least 32 pixels, got 16"):
        make_shapes_dataset(tmp_path, size=16)
    with pytest.raises(ArgumentError, match="need num_train >= 1 and num_val >= 1, got 0 and 5"):
        make_shapes_dataset(tmp_path, num_train=0, num_val=5)


def test_check_and_synth_load_no_torch() -> None:
    program = (
        "import sys\n"
        "from plugtrain.data import check_coco, grouped_kfold, make_shapes_dataset\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'torchvision')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
