"""Small detectors and synthetic data shared by the detector tests (random init, no downloads)."""

from typing import Literal

import torch
from torch import Tensor, nn
from torchvision.models.detection import FCOS, RetinaNet
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain._tensors import float_list, int_list
from plugtrain.components import FPN, TinyBackbone
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.losses import BoxLoss
from plugtrain.models import Detector
from plugtrain.structures import Detections, Targets

__all__ = [
    "assert_same_detection_sets",
    "floats",
    "ints",
    "liven_head",
    "rows",
    "synthetic_targets",
    "tiny_detector",
    "torchvision_detector",
]


def floats(values: Tensor) -> list[float]:
    """A tensor's values, flattened, as Python floats."""
    return float_list(values)


def ints(values: Tensor) -> list[int]:
    """A tensor's values, flattened, as Python ints."""
    return int_list(values)


def rows(values: Tensor) -> list[list[float]]:
    """A 2-d tensor as a list of rows of Python floats."""
    return [float_list(row) for row in values]


def tiny_detector(
    kind: Literal["fcos", "retinanet"] = "fcos",
    *,
    num_classes: int = 3,
    score_threshold: float = 0.05,
    box_loss: BoxLoss = "smooth_l1",
) -> Detector:
    """TinyBackbone + FPN(32 channels, P3..P7) + a head, random init: fast on a CPU."""
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    neck = FPN(in_spec=backbone.feature_spec, channels=32)
    head: FCOSHead | RetinaNetHead
    if kind == "fcos":
        head = FCOSHead(
            in_spec=neck.feature_spec, num_classes=num_classes, num_convs=1, norm="none"
        )
    else:
        head = RetinaNetHead(
            in_spec=neck.feature_spec, num_classes=num_classes, num_convs=1, box_loss=box_loss
        )
    return Detector(
        backbone=backbone,
        neck=neck,
        head=head,
        num_classes=num_classes,
        score_threshold=score_threshold,
    )


def torchvision_detector(
    kind: Literal["fcos", "retinanet"],
    *,
    num_classes: int = 5,
    min_size: int = 128,
    max_size: int = 160,
    trainable_layers: int = 5,
    score_thresh: float = 0.05,
    detections_per_img: int = 100,
    topk_candidates: int = 1000,
) -> FCOS | RetinaNet:
    """A torchvision FCOS / RetinaNet on a random-init ResNet-18 FPN (P3..P7 from P5)."""
    backbone = resnet_fpn_backbone(
        backbone_name="resnet18",
        weights=None,
        norm_layer=FrozenBatchNorm2d,
        trainable_layers=trainable_layers,
        returned_layers=[2, 3, 4],
        extra_blocks=LastLevelP6P7(256, 256),
    )
    if kind == "fcos":
        return FCOS(
            backbone,
            num_classes,
            min_size=min_size,
            max_size=max_size,
            score_thresh=score_thresh,
            detections_per_img=detections_per_img,
            topk_candidates=topk_candidates,
        )
    return RetinaNet(
        backbone,
        num_classes,
        min_size=min_size,
        max_size=max_size,
        score_thresh=score_thresh,
        detections_per_img=detections_per_img,
        topk_candidates=topk_candidates,
    )


def assert_same_detection_sets(
    found: Detections, expected: Detections, *, box_atol: float = 1e-3, score_atol: float = 1e-4
) -> int:
    """``found`` and ``expected`` hold the same detections, compared as sets.

    What a detector promises across batch sizes, thread counts and kernels: the same labels,
    boxes within ``box_atol`` pixels and scores within ``score_atol``, in any order among
    (near-)tied scores. When the two lists do not match whole, detections within
    ``score_atol`` of the lowest score kept in either list are left out: at the cut
    (``max_detections``, the score threshold) a near-tie may keep either of two detections.
    Returns how many were matched (a test checks it is not 0).
    """
    whole = _matched(found, expected, floor=-1.0, box_atol=box_atol, score_atol=score_atol)
    if whole is not None:
        return whole
    lowest = [floats(d.scores)[-1] for d in (found, expected) if len(d)]
    floor = max(lowest) + score_atol if lowest else 0.0
    above = _matched(found, expected, floor=floor, box_atol=box_atol, score_atol=score_atol)
    assert above is not None, (
        f"the detections above the cut ({floor:.5f}) differ:\n{found}\nvs\n{expected}"
    )
    return above


def _matched(
    found: Detections, expected: Detections, *, floor: float, box_atol: float, score_atol: float
) -> int | None:
    """How many detections scoring above ``floor`` match one to one; None when they don't."""

    def above(d: Detections) -> list[tuple[int, float, list[float]]]:
        labels, scores = ints(d.labels), floats(d.scores)
        return [
            (labels[i], scores[i], floats(d.boxes[i])) for i in range(len(d)) if scores[i] > floor
        ]

    mine, theirs = above(found), above(expected)
    if len(mine) != len(theirs):
        return None
    unmatched = list(theirs)
    for label, score, box in mine:
        match = next(
            (
                other
                for other in unmatched
                if other[0] == label
                and abs(other[1] - score) <= score_atol
                and max(abs(a - b) for a, b in zip(other[2], box, strict=True)) <= box_atol
            ),
            None,
        )
        if match is None:
            return None
        unmatched.remove(match)
    return len(mine)


def liven_head(model: nn.Module, *, std: float = 0.1) -> None:
    """Spread the head's predictions (random-init heads score every class ~0.01), so that
    many boxes pass the score threshold and NMS has real work to do."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.startswith("head.") and name.endswith(
                ("cls_logits.weight", "bbox_reg.weight", "bbox_ctrness.weight")
            ):
                parameter.normal_(0.0, std)
            if name.startswith("head.") and name.endswith("cls_logits.bias"):
                parameter.fill_(-1.0)


def synthetic_targets(
    sizes: list[tuple[int, int]], *, num_classes: int, boxes_per_image: list[int], seed: int = 0
) -> list[Targets]:
    """Random valid boxes (at least 8 px a side) inside images of ``sizes`` (height, width)."""
    generator = torch.Generator().manual_seed(seed)
    targets: list[Targets] = []
    for (height, width), count in zip(sizes, boxes_per_image, strict=True):
        rows: list[Tensor] = []
        for _ in range(count):
            x1 = float(torch.randint(0, width - 8, (1,), generator=generator))
            y1 = float(torch.randint(0, height - 8, (1,), generator=generator))
            x2 = float(torch.randint(int(x1) + 8, width + 1, (1,), generator=generator))
            y2 = float(torch.randint(int(y1) + 8, height + 1, (1,), generator=generator))
            rows.append(torch.tensor([x1, y1, x2, y2]))
        boxes = torch.stack(rows) if rows else torch.zeros((0, 4))
        labels = torch.randint(0, num_classes, (count,), generator=generator)
        targets.append(
            Targets(boxes=boxes, labels=labels, image_size=(height, width), num_classes=num_classes)
        )
    return targets
