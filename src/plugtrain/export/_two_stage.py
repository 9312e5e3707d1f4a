"""``ExportableTwoStageDetector``: a ``TwoStageDetector`` as one fixed-shape graph.

Eager ``TwoStageDetector.forward`` keeps a different number of proposals per image
(boolean filters, NMS per image) and ``MultiScaleRoIAlign`` pools each level's regions by
indexing with ``where(levels == level)``: shapes that depend on the data. This wrapper
composes the same parts and computes the same detections with fixed shapes only:

* preprocessing for one input size (``FixedInput``), anchors made once at construction;
* RPN: per level the ``min(pre_nms_top_n, anchors)`` best objectness logits (a constant
  count), decoded and clipped; boxes with a side below the RPN's ``min_size`` or a
  probability below its ``score_threshold`` are marked invalid instead of removed; one
  NMS over all (image, level) groups (``suppress``); then a fixed top-``post_nms_top_n``
  per image: ``(batch, P, 4)`` proposals and a ``(batch, P)`` mask of real ones;
* RoI pooling: every region is pooled from every level and the level the FPN rule picks
  (the pooler's own ``LevelMapper``) is kept with ``where``: the pooled values are
  eager's (RoIAlign pools each region on its own), at the cost of pooling each region
  once per level;
* second stage on all ``batch * P`` regions, padding ones masked out of the candidates;
  every (region, foreground class) pair is a candidate (torchvision keeps no top-k before
  its NMS, so neither does this), one NMS over (image, class) groups, a fixed
  top-``max_detections`` per image.

The mode-dependent RPN settings are the evaluation ones (``testing``), as an exported
model is one for inference.
"""

from collections.abc import Callable
from typing import Final, cast, final

import torch
from jaxtyping import Float
from torch import Tensor, nn
from torch.nn import functional
from torchvision.ops import roi_align

from plugtrain.errors import ExportError
from plugtrain.export._fixed import INVALID_SCORE, ExportOutputs, FixedInput, padded_top, suppress
from plugtrain.models import TwoStageDetector

__all__ = ["ExportableTwoStageDetector"]


@final
class ExportableTwoStageDetector(nn.Module):
    """The whole of ``detector`` (eval mode) for images of one ``image_size`` (height, width).

    ``forward(images)`` as ``ExportableDetector``'s: float32 (batch, 3, height, width) in
    [0, 1] -> ``(boxes, scores, labels, num_detections)``, K = ``detector.max_detections``
    rows per image, best first, padding past ``num_detections`` (score 0, label -1, box
    0). Results equal ``detector(images)`` up to float rounding (and the order of tied
    scores). Shares the detector's parameters.
    """

    anchors: Tensor
    anchor_levels: Tensor

    def __init__(self, detector: TwoStageDetector, *, image_size: tuple[int, int]) -> None:
        super().__init__()
        self.backbone = detector.backbone
        self.neck = detector.neck
        self.rpn = detector.rpn
        self.roi_pooler = detector.roi_pooler
        self.box_head = detector.box_head
        self.box_predictor = detector.box_predictor
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
        self.max_detections: Final = detector.max_detections
        self.min_box_size: Final = detector.min_box_size
        self.box_coder: Final = detector.proposal_sampler.box_coder
        self.pre_nms_top_n: Final = self.rpn.pre_nms_top_n.at(training=False)
        self.post_nms_top_n: Final = self.rpn.post_nms_top_n.at(training=False)
        weight = next(iter(detector.parameters()))
        with torch.no_grad():
            features = self.features(
                torch.zeros((1, 3, *self.input.padded), dtype=weight.dtype, device=weight.device)
            )
            # one eager call sets the pooler's scales and level mapper for this input size,
            # exactly as eager inference sets them
            self.roi_pooler(features, [features[0].new_zeros((1, 4))], [self.input.resized])
        anchor_set = self.rpn.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in features],
            image_size=self.input.padded,
            dtype=weight.dtype,
            device=weight.device,
        )
        self.anchors_per_level: Final = anchor_set.per_level
        self.register_buffer("anchors", anchor_set.boxes.clone(), persistent=False)
        levels = [
            torch.full((min(self.pre_nms_top_n, count),), number, dtype=torch.int64)
            for number, count in enumerate(anchor_set.per_level)
        ]
        self.register_buffer("anchor_levels", torch.cat(levels), persistent=False)
        scales: object = self.roi_pooler.align.scales
        mapper: object = self.roi_pooler.align.map_levels
        if not isinstance(scales, list) or not callable(mapper):
            raise ExportError(
                "cannot export roi_pooler (RoIPooler): its MultiScaleRoIAlign set no scales "
                "for the input size; nothing was written"
            )
        self.scales: Final = tuple(float(s) for s in scales)
        # torchvision's LevelMapper: the FPN rule, boxes -> level index
        self.map_levels: Final = cast(Callable[[list[Tensor]], Tensor], mapper)

    def features(self, tensor: Tensor) -> list[Tensor]:
        """The backbone's (and neck's) feature maps of a prepared batch."""
        features: list[Tensor] = self.backbone(tensor)
        if self.neck is not None:
            features = self.neck(features)
        return features

    def prepare(self, images: Tensor) -> Tensor:
        """Normalised, resized and padded network input, as eager ``TwoStageDetector``'s."""
        prepared: Tensor = self.input(images)
        return prepared

    def traceable_parts(self, images: Tensor) -> list[tuple[str, nn.Module | None, object]]:
        """(role, part, its input for ``images``) of the parts a user supplies, to trace
        one by one: the RPN, the pooler and the predictor are plugtrain's own (final)
        classes, traced as part of the whole."""
        tensor = self.prepare(images)
        with torch.no_grad():
            backbone_out: list[Tensor] = self.backbone(tensor)
            features = backbone_out if self.neck is None else self.neck(backbone_out)
            pooled = self.pool(features, self.proposals(features)[0])
        return [
            ("backbone", self.backbone, tensor),
            ("neck", self.neck, backbone_out),
            ("box_head", self.box_head, pooled),
        ]

    def proposals(self, features: list[Tensor]) -> tuple[Tensor, Tensor]:
        """(proposals (batch, P, 4) best first, mask (batch, P) of the real ones)."""
        outputs = self.rpn(features)
        objectness = torch.cat(outputs.objectness, dim=1)[..., 0]
        deltas = torch.cat(outputs.box_deltas, dim=1)
        picked: list[Tensor] = []
        offset = 0
        for count in self.anchors_per_level:
            take = min(self.pre_nms_top_n, count)
            picked.append(objectness[:, offset : offset + count].topk(take, dim=1)[1] + offset)
            offset += count
        chosen = torch.cat(picked, dim=1)  # (batch, T)
        columns = int(chosen.shape[1])
        boxes = self.rpn.box_coder.decode_single(
            deltas.gather(1, chosen[..., None].expand(-1, -1, 4)).reshape(-1, 4),
            self.anchors[chosen].reshape(-1, 4),
        )
        boxes = self.input.clip(boxes.reshape(-1, columns, 4))
        scores = torch.sigmoid(objectness.gather(1, chosen))
        sides = boxes[..., 2:] - boxes[..., :2]
        valid = (sides >= self.rpn.min_size).all(dim=-1) & (scores >= self.rpn.score_threshold)
        image = torch.arange(scores.shape[0], device=scores.device)[:, None]
        kept = suppress(
            boxes,
            torch.where(valid, scores, INVALID_SCORE),
            image * len(self.anchors_per_level) + self.anchor_levels,
            iou_threshold=self.rpn.nms_threshold,
            group_step=self.input.group_step,
        )
        best, index = kept.topk(min(self.post_nms_top_n, columns), dim=1)
        return boxes.gather(1, index[..., None].expand(-1, -1, 4)), best > INVALID_SCORE

    def pool(self, features: list[Tensor], proposals: Tensor) -> Tensor:
        """(batch * P, channels, size, size): each region pooled from its FPN level."""
        flat = proposals.reshape(-1, 4)
        batch, count = proposals.shape[0], proposals.shape[1]
        image = torch.arange(batch, device=flat.device, dtype=flat.dtype)[:, None]
        rois = torch.cat([image.expand(batch, count).reshape(-1, 1), flat], dim=1)
        levels: Tensor = self.map_levels([flat])
        spec = self.roi_pooler.out_spec
        pooled: Tensor | None = None
        for level, (feature, scale) in enumerate(
            zip(self.roi_pooler.pooled_levels(features), self.scales, strict=True)
        ):
            found = roi_align(
                feature,
                rois,
                output_size=(spec.height, spec.width),
                spatial_scale=scale,
                sampling_ratio=self.roi_pooler.align.sampling_ratio,
            )
            pooled = (
                found
                if pooled is None
                else torch.where((levels == level)[:, None, None, None], found, pooled)
            )
        if pooled is None:  # a pooler has one level at least (checked at construction)
            raise ExportError("cannot export roi_pooler (RoIPooler): it pools no level")
        return pooled

    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> ExportOutputs:
        features = self.features(self.prepare(images))
        proposals, real = self.proposals(features)
        batch, count = proposals.shape[0], proposals.shape[1]
        predictions = self.box_predictor(self.box_head(self.pool(features, proposals)))
        classes = self.num_classes + 1
        decoded = self.box_coder.decode_single(predictions.box_deltas, proposals.reshape(-1, 4))
        boxes = self.input.clip(decoded.reshape(batch, count, classes, 4)[:, :, 1:])
        scores = functional.softmax(predictions.class_logits, dim=-1)
        scores = scores.reshape(batch, count, classes)[:, :, 1:]
        sides = boxes[..., 2:] - boxes[..., :2]
        valid = (
            real[..., None]
            & (scores > self.score_threshold)
            & (sides >= self.min_box_size).all(dim=-1)
        )
        flat_boxes = boxes.reshape(batch, -1, 4)
        flat_scores = torch.where(valid, scores, INVALID_SCORE).reshape(batch, -1)
        labels = torch.arange(self.num_classes, device=scores.device).repeat(count)
        labels = labels[None, :].expand(batch, -1)
        image = torch.arange(batch, device=scores.device)[:, None]
        final_scores = suppress(
            flat_boxes,
            flat_scores,
            image * self.num_classes + labels,
            iou_threshold=self.nms_iou_threshold,
            group_step=self.input.group_step,
        )
        return padded_top(
            flat_boxes, final_scores, labels, k=self.max_detections, box_scale=self.input.box_scale
        )
