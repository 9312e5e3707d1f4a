"""``ExportableDetector``: a ``Detector`` as one fixed-shape graph, images in, padded boxes out.

Eager ``Detector.forward`` selects candidates with data-dependent shapes (``nonzero``,
levels skipped when empty, one ``Detections`` per image), which neither ``torch.export``
nor ONNX can express. This wrapper composes the same parts and computes the same
detections with fixed shapes only:

* preprocessing for one fixed input size (normalise, resize, pad), so every size and
  scale is a constant of the graph, and the anchors are made once, at construction;
* per level the ``min(topk_candidates, anchors * classes)`` best scores (scores not above
  the threshold masked to -1 and marked invalid), decoded by the head's own
  ``dense_predictions`` and clipped as eager clips;
* one NMS over the whole batch, each (image, class) group offset into a disjoint region
  of the plane (``suppress``), then a fixed top-``max_detections`` per image.

Outputs are padded: rows past ``num_detections`` have score 0, label -1 and box zeros.
"""

from typing import Final, final

import torch
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain._tensors import int_list
from plugtrain.export._fixed import (
    INVALID_SCORE,
    ExportOutputs,
    FixedInput,
    padded_top,
    suppress,
)
from plugtrain.models import Detector
from plugtrain.ops import AnchorSet
from plugtrain.structures import Detections

__all__ = ["ExportOutputs", "ExportableDetector", "detections_from_outputs"]


@final
class ExportableDetector(nn.Module):
    """The whole of ``detector`` (eval mode) for images of one ``image_size`` (height, width).

    ``forward(images)``: ``images`` float32 (batch, 3, height, width), RGB in [0, 1];
    returns ``(boxes, scores, labels, num_detections)``: boxes (batch, K, 4) xyxy in pixels
    of the input, scores (batch, K), labels (batch, K) int64, num_detections (batch,)
    int64, K = ``detector.max_detections``, best first; rows past ``num_detections`` are
    padding (score 0, label -1, box 0). Results equal ``detector(images)`` up to float
    rounding (and the order of tied scores). Shares the detector's parameters.
    """

    anchors: Tensor

    def __init__(self, detector: Detector, *, image_size: tuple[int, int]) -> None:
        super().__init__()
        self.backbone = detector.backbone
        self.neck = detector.neck
        self.head = detector.head
        self.input = FixedInput(
            image_size=image_size,
            image_mean=detector.image_mean,
            image_std=detector.image_std,
            min_size=detector.min_size,
            max_size=detector.max_size,
            size_divisible=detector.size_divisible,
        )
        self.image_size: Final = self.input.image_size
        self.num_classes: Final = detector.num_classes
        self.score_threshold: Final = detector.score_threshold
        self.nms_iou_threshold: Final = detector.nms_iou_threshold
        self.topk_candidates: Final = detector.topk_candidates
        self.max_detections: Final = detector.max_detections
        weight = next(iter(detector.parameters()))
        with torch.no_grad():
            features = self.features(
                torch.zeros((1, 3, *self.input.padded), dtype=weight.dtype, device=weight.device)
            )
        anchor_set = self.head.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in features],
            image_size=self.input.padded,
            dtype=weight.dtype,
            device=weight.device,
        )
        self.anchors_per_level: Final = anchor_set.per_level
        self.register_buffer("anchors", anchor_set.boxes.clone(), persistent=False)

    def features(self, tensor: Tensor) -> list[Tensor]:
        """The backbone's (and neck's) feature maps of a prepared batch."""
        features: list[Tensor] = self.backbone(tensor)
        if self.neck is not None:
            features = self.neck(features)
        return features

    def prepare(self, images: Tensor) -> Tensor:
        """Normalised, resized and padded network input, as eager ``Detector`` makes it."""
        prepared: Tensor = self.input(images)
        return prepared

    def traceable_parts(self, images: Tensor) -> list[tuple[str, nn.Module | None, object]]:
        """(role, part, its input for ``images``) of each part, to trace one by one."""
        tensor = self.prepare(images)
        with torch.no_grad():
            backbone_out: list[Tensor] = self.backbone(tensor)
            features = backbone_out if self.neck is None else self.neck(backbone_out)
        return [
            ("backbone", self.backbone, tensor),
            ("neck", self.neck, backbone_out),
            ("head", self.head, features),
        ]

    def _candidates(self, tensor: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """(boxes (batch, M, 4), scores (batch, M) with -1 for invalid, labels (batch, M))."""
        outputs = self.head(self.features(tensor))
        anchor_set = AnchorSet(boxes=self.anchors, per_level=self.anchors_per_level)
        dense = self.head.dense_predictions(outputs, anchor_set)
        classes = self.num_classes
        boxes: list[Tensor] = []
        scores: list[Tensor] = []
        labels: list[Tensor] = []
        for level_scores, level_boxes in zip(dense.scores, dense.boxes, strict=True):
            k = min(self.topk_candidates, int(level_scores.shape[1]))
            masked = level_scores.masked_fill(level_scores <= self.score_threshold, INVALID_SCORE)
            best, position = masked.topk(k, dim=1)
            anchor = torch.div(position, classes, rounding_mode="floor")
            chosen = level_boxes.gather(1, anchor[..., None].expand(-1, -1, 4))
            boxes.append(self.input.clip(chosen))
            scores.append(best)
            labels.append(position % classes)
        return torch.cat(boxes, dim=1), torch.cat(scores, dim=1), torch.cat(labels, dim=1)

    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> ExportOutputs:
        boxes, scores, labels = self._candidates(self.prepare(images))
        image = torch.arange(scores.shape[0], device=scores.device)[:, None]
        final_scores = suppress(
            boxes,
            scores,
            image * self.num_classes + labels,
            iou_threshold=self.nms_iou_threshold,
            group_step=self.input.group_step,
        )
        return padded_top(
            boxes, final_scores, labels, k=self.max_detections, box_scale=self.input.box_scale
        )


def detections_from_outputs(
    boxes: Tensor, scores: Tensor, labels: Tensor, num_detections: Tensor
) -> list[Detections]:
    """The padded outputs of an exported detector as one ``Detections`` per image."""
    return [
        Detections(boxes=b[:n], scores=s[:n], labels=lbl[:n])
        for b, s, lbl, n in zip(boxes, scores, labels, int_list(num_detections), strict=True)
    ]
