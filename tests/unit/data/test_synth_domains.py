"""make_domain_crops: the three folders a domain_adversarial config reads, in one call."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from plugtrain.data import SHAPE_CLASSES, SynthStyle, make_crops_dataset, make_domain_crops
from plugtrain.errors import ArgumentError


def test_source_target_and_the_unlabeled_copy(tmp_path: Path) -> None:
    made = make_domain_crops(tmp_path, num_train=6, num_val=3, size=32, seed=4, workers=1)
    assert made.source.train == tmp_path / "source" / "train"
    assert made.target.val == tmp_path / "target" / "val"
    labeled = sorted(made.target.train.glob("*/*.png"))
    unlabeled = sorted(made.unlabeled.iterdir())
    assert [p.name for p in unlabeled] == sorted(p.name for p in labeled)
    assert len(unlabeled) == 6
    for image in labeled:
        assert (made.unlabeled / image.name).read_bytes() == image.read_bytes()
    assert made.source.classes == made.target.classes == SHAPE_CLASSES


def test_the_target_is_other_scenes_in_the_target_style(tmp_path: Path) -> None:
    made = make_domain_crops(tmp_path / "pair", num_train=3, num_val=3, size=32, seed=4, workers=1)
    restyled = make_crops_dataset(
        tmp_path / "plain",
        num_train=3,
        num_val=3,
        size=32,
        seed=5,
        style=SynthStyle.target,
        workers=1,
    )
    for image in sorted(made.target.val.glob("*/*.png")):
        twin = restyled.val / image.parent.name / image.name
        np.testing.assert_array_equal(np.asarray(Image.open(image)), np.asarray(Image.open(twin)))


def test_bad_arguments_are_the_crops_errors(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="at least 16 pixels"):
        make_domain_crops(tmp_path, num_train=3, num_val=3, size=8)
