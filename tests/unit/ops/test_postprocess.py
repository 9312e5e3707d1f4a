"""detections_per_image: one batched NMS equals torchvision's per-image NMS and top-k."""

import torch
from torchvision.ops import batched_nms

from plugtrain.ops import Candidates, detections_per_image
from tests.detection_helpers import floats, rows


def _random_candidates(count: int, images: int, classes: int, seed: int) -> Candidates:
    generator = torch.Generator().manual_seed(seed)
    xy = torch.rand((count, 2), generator=generator) * 80
    wh = torch.rand((count, 2), generator=generator) * 30 + 2
    return Candidates(
        boxes=torch.cat([xy, xy + wh], dim=1),
        scores=torch.rand(count, generator=generator),
        labels=torch.randint(0, classes, (count,), generator=generator),
        images=torch.randint(0, images, (count,), generator=generator),
    )


def test_equals_per_image_batched_nms() -> None:
    candidates = _random_candidates(400, images=3, classes=4, seed=1)
    detections = detections_per_image(
        candidates, num_images=3, num_classes=4, iou_threshold=0.5, max_detections=25
    )
    assert len(detections) == 3
    for index, found in enumerate(detections):
        mine = candidates.images == index
        boxes, scores, labels = (
            candidates.boxes[mine],
            candidates.scores[mine],
            candidates.labels[mine],
        )
        keep = batched_nms(boxes, scores, labels, 0.5)[:25]
        assert torch.equal(found.boxes, boxes[keep])
        assert torch.equal(found.scores, scores[keep])
        assert torch.equal(found.labels, labels[keep])


def test_images_without_candidates_get_empty_detections() -> None:
    candidates = _random_candidates(10, images=1, classes=2, seed=2)
    detections = detections_per_image(
        candidates, num_images=3, num_classes=2, iou_threshold=0.5, max_detections=5
    )
    assert [len(d) for d in detections][1:] == [0, 0]
    assert len(detections[0]) == 5
    assert floats(detections[0].scores) == sorted(floats(detections[0].scores), reverse=True)


def test_box_scale_maps_boxes_back_per_image() -> None:
    candidates = Candidates(
        boxes=torch.tensor([[10.0, 10.0, 20.0, 20.0], [10.0, 10.0, 20.0, 20.0]]),
        scores=torch.tensor([0.9, 0.8]),
        labels=torch.tensor([0, 0]),
        images=torch.tensor([0, 1]),
    )
    scale = torch.tensor([[1.0, 1.0, 1.0, 1.0], [2.0, 0.5, 2.0, 0.5]])
    detections = detections_per_image(
        candidates,
        num_images=2,
        num_classes=1,
        iou_threshold=0.5,
        max_detections=5,
        box_scale=scale,
    )
    assert rows(detections[1].boxes) == [[20.0, 5.0, 40.0, 10.0]]
    assert rows(detections[0].boxes) == [[10.0, 10.0, 20.0, 20.0]]


def test_no_candidates_give_empty_detections_for_every_image() -> None:
    empty = Candidates.empty(dtype=torch.float32, device=torch.device("cpu"))
    detections = detections_per_image(
        empty, num_images=2, num_classes=3, iou_threshold=0.5, max_detections=5
    )
    assert [len(d) for d in detections] == [0, 0]
    assert detections[0].boxes.shape == (0, 4)
