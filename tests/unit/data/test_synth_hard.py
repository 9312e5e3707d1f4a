"""The hard synthetic set: valid COCO, deterministic, several sizes, small and large objects."""

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.data import (
    HARD_CLASSES,
    HardSynthOptions,
    check_coco,
    make_hard_dataset,
    parse_image_sizes,
    parse_object_sizes,
)
from plugtrain.errors import ArgumentError

_SMALL = HardSynthOptions(image_sizes=((64, 96), (96, 64), (80, 80)), max_objects=6)


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_clean_coco_set_of_several_sizes_and_classes(tmp_path: Path) -> None:
    made = make_hard_dataset(tmp_path / "hard", num_train=16, num_val=4, options=_SMALL, seed=2)
    for images, annotations in (
        (made.train_images, made.train_annotations),
        (made.val_images, made.val_annotations),
    ):
        report = check_coco(images, annotations, box_tolerance=0.0)
        assert report.ok, report.to_text()
    document = json.loads(made.train_annotations.read_text())
    assert [c["name"] for c in document["categories"]] == list(HARD_CLASSES[:8])
    sizes = {(r["height"], r["width"]) for r in document["images"]}
    assert sizes <= {(64, 96), (96, 64), (80, 80)}
    assert len(sizes) >= 2
    sides = [min(a["bbox"][2:]) for a in document["annotations"]]
    longest = [max(a["bbox"][2:]) for a in document["annotations"]]
    assert min(sides) < 6  # small objects (4 % of 64 px is 2.6 px)
    assert max(longest) > 25  # and large ones (up to half the short side)
    assert len({a["category_id"] for a in document["annotations"]}) >= 5


def test_the_same_seed_gives_the_same_set_whatever_the_threads(tmp_path: Path) -> None:
    one = make_hard_dataset(tmp_path / "a", num_train=5, num_val=2, options=_SMALL, workers=1)
    two = make_hard_dataset(tmp_path / "b", num_train=5, num_val=2, options=_SMALL, workers=3)
    other = make_hard_dataset(tmp_path / "c", num_train=5, num_val=2, options=_SMALL, seed=9)
    assert _digest(one.root) == _digest(two.root)
    assert _digest(one.root) != _digest(other.root)


def test_options_out_of_range_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError) as caught:
        make_hard_dataset(tmp_path, options=HardSynthOptions(num_classes=11))
    assert "num_classes" in str(caught.value)
    assert "1 to 10" in str(caught.value)
    with pytest.raises(ArgumentError, match="min_object"):
        make_hard_dataset(tmp_path, options=HardSynthOptions(min_object=0.6, max_object=0.5))
    with pytest.raises(ArgumentError, match="HEIGHTxWIDTH sizes separated by commas"):
        parse_image_sizes("240x320,big")
    assert parse_image_sizes("240x320, 64X96") == ((240, 320), (64, 96))
    with pytest.raises(ArgumentError, match="MIN,MAX: two fractions"):
        parse_object_sizes("0.1")
    assert parse_object_sizes("0.05,0.4") == (0.05, 0.4)


def test_the_cli_writes_a_hard_set_and_names_a_bad_option(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["data", "synth", "--out", str(tmp_path / "h"), "--hard", "--num-train", "3"]
    made = runner.invoke(
        app, [*args, "--num-val", "2", "--num-classes", "4", "--image-sizes", "64x64"]
    )
    assert made.exit_code == 0, made.output
    document = json.loads((tmp_path / "h" / "train.json").read_text())
    assert len(document["categories"]) == 4
    assert {(r["height"], r["width"]) for r in document["images"]} == {(64, 64)}
    refused = runner.invoke(app, [*args, "--object-sizes", "0.1"])
    assert refused.exit_code == 1
    assert "MIN,MAX: two fractions of the image's short side" in refused.output
