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
  of the plane (invalid candidates into a group of their own, as identical unit boxes
  that suppress each other cheaply, plus two sentinels, see ``_suppress``), then a fixed
  top-``max_detections`` per image.

Outputs are padded: rows past ``num_detections`` have score 0, label -1 and box zeros.
"""

from typing import Final, final

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn
from torch.nn import functional
from torchvision.ops import nms

from plugtrain._tensors import int_list
from plugtrain.models import Detector
from plugtrain.ops import AnchorSet, resized_size
from plugtrain.structures import Detections

__all__ = ["ExportOutputs", "ExportableDetector", "detections_from_outputs"]

# Scores of invalid candidates: below every real score (scores are in [0, 1]).
_INVALID_SCORE: Final = -1.0

ExportOutputs = tuple[
    Float[Tensor, "batch k 4"],
    Float[Tensor, "batch k"],
    Int64[Tensor, "batch k"],
    Int64[Tensor, " batch"],
]
"""(boxes, scores, labels, num_detections) of an exported detector."""


def _padded(size: tuple[int, int], divisible: int) -> tuple[int, int]:
    return (size[0] + -size[0] % divisible, size[1] + -size[1] % divisible)


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
    image_mean: Tensor
    image_std: Tensor
    box_scale: Tensor

    def __init__(self, detector: Detector, *, image_size: tuple[int, int]) -> None:
        super().__init__()
        self.backbone = detector.backbone
        self.neck = detector.neck
        self.head = detector.head
        self.image_size: Final = (int(image_size[0]), int(image_size[1]))
        self.num_classes: Final = detector.num_classes
        self.score_threshold: Final = detector.score_threshold
        self.nms_iou_threshold: Final = detector.nms_iou_threshold
        self.topk_candidates: Final = detector.topk_candidates
        self.max_detections: Final = detector.max_detections
        resized, scale = resized_size(
            self.image_size, min_size=detector.min_size, max_size=detector.max_size
        )
        self.resized: Final = resized
        self.resize_needed: Final = scale is not None
        self.padded: Final = _padded(resized, detector.size_divisible)
        # Boxes are clipped to the resized image, so groups spaced this far apart never meet.
        self.group_step: Final = float(max(resized) + 1)
        self.register_buffer("image_mean", detector.image_mean.clone(), persistent=False)
        self.register_buffer("image_std", detector.image_std.clone(), persistent=False)
        # torchvision's resize_boxes: float32 ratios original / resized, x y x y
        ratio = torch.tensor(self.image_size, dtype=torch.float32) / torch.tensor(
            resized, dtype=torch.float32
        )
        self.register_buffer("box_scale", ratio[[1, 0, 1, 0]], persistent=False)
        weight = next(iter(detector.parameters()))
        with torch.no_grad():
            features = self.features(
                torch.zeros((1, 3, *self.padded), dtype=weight.dtype, device=weight.device)
            )
        anchor_set = self.head.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in features],
            image_size=self.padded,
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
        mean = self.image_mean.to(images)[None, :, None, None]
        std = self.image_std.to(images)[None, :, None, None]
        tensor = (images - mean) / std
        if self.resize_needed:
            # the size eager computes with scale_factor and recompute_scale_factor=True
            tensor = functional.interpolate(
                tensor, size=self.resized, mode="bilinear", align_corners=False
            )
        pad_h = self.padded[0] - self.resized[0]
        pad_w = self.padded[1] - self.resized[1]
        if pad_h or pad_w:
            tensor = functional.pad(tensor, (0, pad_w, 0, pad_h))
        return tensor

    def _clip(self, boxes: Tensor) -> Tensor:
        height, width = self.resized
        x = boxes[..., 0::2].clamp(min=0.0, max=float(width))
        y = boxes[..., 1::2].clamp(min=0.0, max=float(height))
        return torch.stack((x, y), dim=-1).reshape(boxes.shape)

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
            masked = level_scores.masked_fill(level_scores <= self.score_threshold, _INVALID_SCORE)
            best, position = masked.topk(k, dim=1)
            anchor = torch.div(position, classes, rounding_mode="floor")
            chosen = level_boxes.gather(1, anchor[..., None].expand(-1, -1, 4))
            boxes.append(self._clip(chosen))
            scores.append(best)
            labels.append(position % classes)
        return torch.cat(boxes, dim=1), torch.cat(scores, dim=1), torch.cat(labels, dim=1)

    def _sentinels(self, boxes: Tensor) -> Tensor:
        """Two unit boxes in groups -2 and -3, apart from every candidate and each other."""
        corner = boxes.new_tensor([[-2.0], [-3.0]]) * self.group_step
        return corner + boxes.new_tensor([0.0, 0.0, 1.0, 1.0])

    def _suppress(self, boxes: Tensor, scores: Tensor, labels: Tensor) -> Tensor:
        """Scores after per-(image, class) NMS: suppressed and invalid candidates -1."""
        batch, count = scores.shape
        valid = scores > _INVALID_SCORE
        image = torch.arange(batch, device=scores.device)[:, None]
        groups = torch.where(valid, image * self.num_classes + labels, -1)
        unit = boxes.new_tensor([0.0, 0.0, 1.0, 1.0])
        shifted = (
            torch.where(valid[..., None], boxes, unit)
            + (groups.to(boxes.dtype) * self.group_step)[..., None]
        )
        # torchvision's fake nms tells torch.export that NMS keeps at least 2 boxes (and a
        # .pt2 asserts it at run time): two sentinel boxes in groups of their own, which
        # nothing can suppress, make that true; their rows are dropped after.
        total = batch * count
        keep = nms(
            torch.cat([shifted.reshape(-1, 4), self._sentinels(boxes)]),
            torch.cat([scores.reshape(-1), scores.new_full((2,), 2 * _INVALID_SCORE)]),
            self.nms_iou_threshold,
        )
        hits = torch.zeros(total + 2, dtype=torch.int64, device=scores.device)
        hits = hits.scatter(0, keep, torch.ones_like(keep))[:total]
        kept = (hits > 0).reshape(batch, count) & valid
        return torch.where(kept, scores, _INVALID_SCORE)

    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> ExportOutputs:
        boxes, scores, labels = self._candidates(self.prepare(images))
        final_scores = self._suppress(boxes, scores, labels)
        k = min(self.max_detections, int(final_scores.shape[1]))
        best, index = final_scores.topk(k, dim=1)
        found = best > _INVALID_SCORE
        chosen = boxes.gather(1, index[..., None].expand(-1, -1, 4)) * self.box_scale
        out_boxes = torch.where(found[..., None], chosen, 0.0)
        out_scores = torch.where(found, best, 0.0)
        out_labels = torch.where(found, labels.gather(1, index), -1)
        missing = self.max_detections - k
        if missing:
            out_boxes = functional.pad(out_boxes, (0, 0, 0, missing))
            out_scores = functional.pad(out_scores, (0, missing))
            out_labels = functional.pad(out_labels, (0, missing), value=-1)
        return out_boxes, out_scores, out_labels, found.sum(dim=1)


def detections_from_outputs(
    boxes: Tensor, scores: Tensor, labels: Tensor, num_detections: Tensor
) -> list[Detections]:
    """The padded outputs of an exported detector as one ``Detections`` per image."""
    return [
        Detections(boxes=b[:n], scores=s[:n], labels=lbl[:n])
        for b, s, lbl, n in zip(boxes, scores, labels, int_list(num_detections), strict=True)
    ]
