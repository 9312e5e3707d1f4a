"""Detections back to COCO results with the file's category ids and pixels (the data
set's CategoryMap and BoxMappings through plugtrain.evaluation.coco_results)."""

import json
from typing import Any

import pytest
import torch
from pycocotools.coco import COCO

from plugtrain.data import CocoDataset, Letterbox, collate
from plugtrain.errors import DataError
from plugtrain.evaluation import coco_results
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

    results = [
        r.as_dict()
        for r in coco_results(
            detections, batch.image_ids, dataset.categories, mappings=batch.mappings
        )
    ]

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
    detections = [
        Detections(
            boxes=torch.zeros(0, 4), scores=torch.zeros(0), labels=torch.zeros(0, dtype=torch.int64)
        )
    ]
    with pytest.raises(DataError, match="got 0 Detections but 1 image ids"):
        coco_results([], [1], dataset.categories)
    with pytest.raises(DataError, match="got 1 Detections but 2 box mappings; pass one BoxMapping"):
        coco_results(detections, [1], dataset.categories, mappings=[dataset[0].mapping] * 2)
