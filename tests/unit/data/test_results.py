"""Detections back to COCO results with the file's category ids and pixels."""

import json
from typing import Any

import pytest
import torch
from pycocotools.coco import COCO

from plugtrain.data import CocoDataset, Letterbox, collate, to_coco_results
from plugtrain.errors import DataError
from plugtrain.structures import Detections
from tests.unit.data.conftest import CocoFiles


def test_ground_truth_as_detections_round_trips(shapes: CocoFiles) -> None:
    def renumber(document: dict[str, Any]) -> None:
        for key, field in (("categories", "id"), ("annotations", "category_id")):
            for record in document[key]:
                record[field] += 10

    shapes.edit(renumber)
    dataset = CocoDataset(shapes.images, shapes.annotations, transforms=Letterbox((40, 80)))
    batch = collate([dataset[0], dataset[1]])
    detections = [
        Detections(boxes=t.boxes, scores=torch.ones(len(t)), labels=t.labels) for t in batch.targets
    ]

    results = to_coco_results(
        detections,
        image_ids=batch.image_ids,
        categories=dataset.categories,
        mappings=batch.mappings,
    )

    expected = [
        (a["image_id"], a["category_id"], a["bbox"])
        for a in json.loads(shapes.annotations.read_text())["annotations"]
        if a["image_id"] in (1, 2)
    ]
    got = [(r["image_id"], r["category_id"], r["bbox"]) for r in results]
    assert len(got) == len(expected)
    for (gi, gc, gb), (ei, ec, eb) in zip(got, expected, strict=True):
        assert (gi, gc) == (ei, ec)
        assert gb == pytest.approx(eb, abs=1e-3)
    ground_truth = COCO(str(shapes.annotations))
    loaded = ground_truth.loadRes(results)  # pycocotools accepts them
    assert len(loaded.dataset["annotations"]) == len(results)


def test_lengths_must_agree(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations)
    with pytest.raises(DataError, match="got 0 detections, 1 image ids and no mappings"):
        to_coco_results([], image_ids=[1], categories=dataset.categories)
