"""Fuzzing the COCO readers: any JSON structure is either accepted or refused with a
plugtrain error (or a reported problem), never another exception."""

import contextlib
import copy
import json
import tempfile
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from PIL import Image

from plugtrain.config import read_annotations
from plugtrain.data import CocoDataset, DataReport, check_coco
from plugtrain.errors import PlugtrainError
from plugtrain.evaluation import CocoEvaluator
from plugtrain.io import parse_coco_document
from tests.strategies import VALID_COCO, coco_documents


def _write_set(root: Path, document: object) -> tuple[Path, Path]:
    images = root / "images"
    images.mkdir()
    for name in ("a.png", "b.png"):
        Image.new("RGB", (16, 12), (10, 200, 30)).save(images / name)
    annotations = root / "train.json"
    annotations.write_text(json.dumps(document, allow_nan=True))
    return images, annotations


def test_the_unchanged_document_is_valid_for_every_reader() -> None:
    with tempfile.TemporaryDirectory() as folder:
        images, annotations = _write_set(Path(folder), VALID_COCO)
        assert check_coco(images, annotations, workers=1).ok
        assert len(CocoDataset(images, annotations, workers=1)) == 2
        info, findings = read_annotations(("data", "train", "annotations"), str(annotations))
        assert findings == []
        assert info is not None
        assert info.num_images == 2
        CocoEvaluator(ground_truth=VALID_COCO, label_to_category={0: 1, 1: 2})


_NUMBER_FIELDS = [
    ("images", "id"),
    ("images", "width"),
    ("images", "height"),
    ("annotations", "id"),
    ("annotations", "image_id"),
    ("annotations", "category_id"),
    ("annotations", "area"),
    ("annotations", "iscrowd"),
    ("categories", "id"),
]


@pytest.mark.parametrize("value", [10**400, -(10**400), float("nan"), float("inf")])
@pytest.mark.parametrize(("section", "key"), _NUMBER_FIELDS)
def test_hostile_numbers_in_every_field_are_refused_cleanly(
    section: str, key: str, value: float
) -> None:
    document = copy.deepcopy(VALID_COCO)
    document[section][0][key] = value
    _assert_every_reader_copes(document)


@pytest.mark.parametrize("value", [10**400, -(10**400), float("nan"), float("inf")])
@pytest.mark.parametrize("position", range(4))
def test_hostile_numbers_in_a_box_are_refused_cleanly(position: int, value: float) -> None:
    document = copy.deepcopy(VALID_COCO)
    document["annotations"][0]["bbox"][position] = value
    _assert_every_reader_copes(document)


@settings(max_examples=150)
@given(coco_documents())
def test_damaged_coco_is_reported_or_refused_never_raised(document: object) -> None:
    _assert_every_reader_copes(document)


def _assert_every_reader_copes(document: object) -> None:
    """Every COCO reader accepts ``document`` or refuses it with a plugtrain error."""
    with tempfile.TemporaryDirectory() as folder:
        images, annotations = _write_set(Path(folder), document)

        report = check_coco(images, annotations, workers=1)
        assert isinstance(report, DataReport)
        report.to_json()  # the report itself must serialise
        report.to_text()
        parse_coco_document(document, source="<fuzz>", box_tolerance=0.5)
        info, findings = read_annotations(("data", "train", "annotations"), str(annotations))
        assert (info is None) == bool(findings)

        try:
            dataset = CocoDataset(images, annotations, workers=1)
        except PlugtrainError:
            assert not report.ok
        else:
            assert report.ok
            for index in range(len(dataset)):
                dataset[index]

        for source in (annotations, document):
            with contextlib.suppress(PlugtrainError):
                # any JSON value on purpose: the evaluator checks its argument at runtime
                CocoEvaluator(ground_truth=cast(Any, source), label_to_category={0: 1, 1: 2})
