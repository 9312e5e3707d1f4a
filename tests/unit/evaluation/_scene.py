"""A fixed-seed synthetic COCO scene and pycocotools as the reference implementation.

The scene has several images of different sizes, three categories with the data set's own
(non-consecutive) ids, boxes of small, medium and large area, crowd regions, an image
without ground truth (only false positives) and an image without predictions.
"""

import contextlib
import copy
import io
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import torch
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from plugtrain._tensors import float_list, int_list
from plugtrain.structures import Detections, Targets

__all__ = [
    "LABEL_TO_CATEGORY",
    "NO_GROUND_TRUTH",
    "NO_PREDICTIONS",
    "Scene",
    "make_scene",
    "pycocotools_reference",
    "reference_results",
]

LABEL_TO_CATEGORY: Final = {0: 3, 1: 7, 2: 11}
NO_GROUND_TRUTH: Final = 104
NO_PREDICTIONS: Final = 107
_SIDES: Final = ((6.0, 28.0), (36.0, 90.0), (100.0, 190.0))  # small, medium, large


@dataclass(frozen=True)
class Scene:
    image_ids: list[int]
    sizes: dict[int, tuple[int, int]]  # (height, width)
    boxes: dict[int, torch.Tensor]  # xyxy float32 ground truth per image
    labels: dict[int, torch.Tensor]
    crowd: dict[int, list[bool]]
    detections: list[Detections]  # one per image, in image_ids order

    def ground_truth(self, *, with_crowd: bool = True, area_scale: float = 1.0) -> dict[str, Any]:
        """The scene as a COCO instances dict (xywh from the float32 xyxy boxes).

        ``area_scale`` < 1 makes areas smaller than the boxes, as COCO's mask areas are:
        COCO buckets sizes by the annotation's ``area``, not the box's.
        """
        annotations: list[dict[str, Any]] = []
        for image_id in self.image_ids:
            for box, label, crowd in zip(
                [float_list(row) for row in self.boxes[image_id].double().unbind(0)],
                int_list(self.labels[image_id]),
                self.crowd[image_id],
                strict=True,
            ):
                if crowd and not with_crowd:
                    continue
                x1, y1, x2, y2 = box
                annotations.append(
                    {
                        "id": len(annotations) + 1,
                        "image_id": image_id,
                        "category_id": LABEL_TO_CATEGORY[label],
                        "bbox": [x1, y1, x2 - x1, y2 - y1],
                        "area": (x2 - x1) * (y2 - y1) * area_scale,
                        "iscrowd": int(crowd),
                    }
                )
        return {
            "images": [
                {"id": i, "file_name": f"{i}.png", "height": h, "width": w}
                for i, (h, w) in self.sizes.items()
            ],
            "categories": [{"id": c, "name": f"class{c}"} for c in LABEL_TO_CATEGORY.values()],
            "annotations": annotations,
        }

    def targets(self) -> list[Targets]:
        """Non-crowd ground truth as Targets (Targets carry no crowd flag)."""
        out: list[Targets] = []
        for image_id in self.image_ids:
            keep = torch.tensor([not c for c in self.crowd[image_id]], dtype=torch.bool)
            out.append(
                Targets(
                    boxes=self.boxes[image_id][keep].reshape(-1, 4),
                    labels=self.labels[image_id][keep],
                    image_size=self.sizes[image_id],
                    num_classes=len(LABEL_TO_CATEGORY),
                    image_id=image_id,
                )
            )
        return out


def _box(rng: np.random.Generator, height: int, width: int, kind: int) -> list[float]:
    low, high = _SIDES[kind]
    w, h = (float(v) for v in rng.uniform(low, min(high, width - 2.0, height - 2.0), 2))
    x1 = float(rng.uniform(0, width - w))
    y1 = float(rng.uniform(0, height - h))
    return [x1, y1, x1 + w, y1 + h]


def _jitter(rng: np.random.Generator, box: list[float]) -> list[float]:
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    nx1 = x1 + float(rng.normal(0, 0.05 * w))
    ny1 = y1 + float(rng.normal(0, 0.05 * h))
    return [
        nx1,
        ny1,
        nx1 + w * float(rng.uniform(0.88, 1.12)),
        ny1 + h * float(rng.uniform(0.88, 1.12)),
    ]


def make_scene(seed: int = 0, num_images: int = 12) -> Scene:
    rng = np.random.default_rng(seed)
    image_ids = list(range(101, 101 + num_images))
    sizes: dict[int, tuple[int, int]] = {}
    boxes: dict[int, torch.Tensor] = {}
    labels: dict[int, torch.Tensor] = {}
    crowd: dict[int, list[bool]] = {}
    detections: list[Detections] = []
    for index, image_id in enumerate(image_ids):
        height, width = (240, 320) if index % 2 else (320, 256)
        sizes[image_id] = (height, width)
        count = 0 if image_id == NO_GROUND_TRUTH else int(rng.integers(1, 7))
        rows = [_box(rng, height, width, int(rng.integers(0, 3))) for _ in range(count)]
        classes = [int(rng.integers(0, 3)) for _ in range(count)]
        # the first box of every fifth image (from the third) is a crowd region, plus chance
        crowd[image_id] = [
            (j == 0 and index % 5 == 2) or bool(rng.random() < 0.1) for j in range(count)
        ]
        boxes[image_id] = torch.tensor(rows, dtype=torch.float32).reshape(count, 4)
        labels[image_id] = torch.tensor(classes, dtype=torch.int64)
        found: list[tuple[list[float], float, int]] = []
        if image_id != NO_PREDICTIONS:
            for row, label in zip(rows, classes, strict=True):
                if rng.random() < 0.85:
                    guess = label if rng.random() < 0.85 else int(rng.integers(0, 3))
                    found.append((_jitter(rng, row), float(rng.random()), guess))
            false_positives = 2 if image_id == NO_GROUND_TRUTH else int(rng.integers(0, 4))
            for _ in range(false_positives):
                kind = int(rng.integers(0, 3))
                found.append((_box(rng, height, width, kind), float(rng.random()), kind))
        found.sort(key=lambda item: -item[1])
        detections.append(
            Detections(
                boxes=torch.tensor([f[0] for f in found], dtype=torch.float32).reshape(-1, 4),
                scores=torch.tensor([f[1] for f in found], dtype=torch.float32),
                labels=torch.tensor([f[2] for f in found], dtype=torch.int64),
            )
        )
    return Scene(image_ids, sizes, boxes, labels, crowd, detections)


def reference_results(
    detections: list[Detections], image_ids: list[int], label_to_category: dict[int, int]
) -> list[dict[str, Any]]:
    """COCO results written independently of plugtrain (numpy float64)."""
    out: list[dict[str, Any]] = []
    for found, image_id in zip(detections, image_ids, strict=True):
        boxes = found.boxes.numpy().astype(np.float64)
        scores = found.scores.numpy().astype(np.float64)
        for box, score, label in zip(boxes, scores, int_list(found.labels), strict=True):
            out.append(
                {
                    "image_id": image_id,
                    "category_id": label_to_category[label],
                    "bbox": [box[0], box[1], box[2] - box[0], box[3] - box[1]],
                    "score": float(score),
                }
            )
    return out


def pycocotools_reference(
    ground_truth: dict[str, Any], results: list[dict[str, Any]], image_ids: list[int]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], list[tuple[int, float]]]:
    """pycocotools' 12 summary figures and per-category AP (IoU .50:.95, area all, 100 dets)."""
    with contextlib.redirect_stdout(io.StringIO()):
        truth = COCO()
        truth.dataset = copy.deepcopy(ground_truth)
        truth.createIndex()
        found = truth.loadRes(copy.deepcopy(results))
        evaluation = COCOeval(truth, found, "bbox")
        evaluation.params.imgIds = sorted(image_ids)
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    precision = np.asarray(evaluation.eval["precision"], dtype=np.float64)
    per_category: list[tuple[int, float]] = []
    for index, category_id in enumerate(evaluation.params.catIds):
        values = precision[:, :, index, 0, -1]
        valid = values[values > -1]
        per_category.append((int(category_id), float(valid.mean()) if valid.size else -1.0))
    return np.asarray(evaluation.stats, dtype=np.float64), per_category
