"""TwoStageDetector: backbone + neck + RPN + RoI pooler, box head and predictor (Faster R-CNN).

Why a model of its own and not a ``Detector`` that takes a two-stage head: between the
stages the contract changes from dense per-anchor outputs (``HeadOutputs`` over an
``AnchorSet``, ``Candidates``) to a variable number of regions per image (proposals, pooled
``K x C x 7 x 7`` features, per-region predictions). A ``Detector`` accepting both kinds of
head would need a union of outputs in its internal steps, or methods whose return type
depends on the head. Two models keep one return type per method and share what is really
shared: the feature path, preprocessing and the target checks (``DetectorBase``), the
postprocessing ops (``detections_per_image``) and the argument rules
(``plugtrain.models._inputs``).

``detector(images) -> list[Detections]`` in every mode; ``detector.loss(images, targets)
-> LossBreakdown`` with ``rpn_objectness``, ``rpn_box``, ``roi_classification`` and
``roi_box``. The settings that depend on the mode (the RPN's top-n) follow ``training``,
as torchvision's.
"""

from collections.abc import Sequence
from typing import Final, final

import torch
from torch import Tensor
from torch.nn import functional
from torchvision.models.detection.roi_heads import fastrcnn_loss

from plugtrain._tensors import int_list
from plugtrain.components import Backbone, Neck
from plugtrain.components.heads import RPNHead, RPNOutputs
from plugtrain.components.roi import BoxHead, BoxPredictor, ProposalSampler, RoIPooler
from plugtrain.errors import CompatibilityError
from plugtrain.models._detector_base import DetectorBase
from plugtrain.models._inputs import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    DetectorSettings,
    part_name,
)
from plugtrain.ops import (
    AnchorSet,
    PreparedImages,
    detections_per_image,
    region_candidates,
)
from plugtrain.structures import Detections, FeatureSpec, LossBreakdown, Targets
from plugtrain.typing import checked

__all__ = ["TwoStageDetector"]

_MIN_BOX_SIZE: Final = 1e-2  # torchvision's RoIHeads.postprocess_detections


def _require(spec: FeatureSpec, expected: FeatureSpec, producer: str, consumer: str) -> None:
    spec.require_fits(expected, producer=producer, consumer=consumer)


@final
class TwoStageDetector(DetectorBase):
    """A two-stage detector built from parts.

    Wiring is checked at construction (``CompatibilityError`` naming both sides): the
    backbone's spec is the neck's ``in_spec``; the neck's (or backbone's) spec is the
    ``in_spec`` of the RPN and of the pooler; the pooler's ``out_spec`` is the box head's
    ``in_spec``; the box head's ``out_features`` are the predictor's ``in_features``; the
    predictor's ``num_classes`` is ``num_classes``.

    Preprocessing as ``Detector``'s (normalise, resize with ``min_size`` / ``max_size``,
    pad to ``size_divisible``). Postprocessing as torchvision's ``RoIHeads``: softmax
    scores, per-class boxes decoded with the sampler's box coder, clipped, background and
    scores up to ``score_threshold`` and boxes with a side below ``min_box_size`` px
    (torchvision's 1e-2) dropped, per-class NMS at ``nms_iou_threshold``, the
    ``max_detections`` best per image, in each input image's pixels.
    """

    def __init__(
        self,
        *,
        backbone: Backbone,
        neck: Neck | None,
        rpn: RPNHead,
        roi_pooler: RoIPooler,
        box_head: BoxHead,
        box_predictor: BoxPredictor,
        proposal_sampler: ProposalSampler,
        num_classes: int,
        image_mean: Sequence[float] = IMAGENET_MEAN,
        image_std: Sequence[float] = IMAGENET_STD,
        size_divisible: int = 32,
        min_size: int | None = None,
        max_size: int | None = None,
        score_threshold: float = 0.05,
        nms_iou_threshold: float = 0.5,
        max_detections: int = 100,
    ) -> None:
        spec = backbone.feature_spec
        producer = part_name("backbone", backbone)
        if neck is not None:
            _require(spec, neck.in_spec, producer, part_name("neck", neck))
            spec, producer = neck.feature_spec, part_name("neck", neck)
        _require(spec, rpn.in_spec, producer, part_name("rpn", rpn))
        _require(spec, roi_pooler.in_spec, producer, part_name("roi_pooler", roi_pooler))
        if box_head.in_spec != roi_pooler.out_spec:
            raise CompatibilityError(
                problem=f"the box head takes {box_head.in_spec}, the pooler gives "
                f"{roi_pooler.out_spec}",
                producer=f"roi_pooler (RoIPooler): {roi_pooler.out_spec}",
                consumer=f"{part_name('box_head', box_head)}: {box_head.in_spec}",
                fix="build the box head with in_spec=roi_pooler.out_spec",
            )
        if box_predictor.in_features != box_head.out_features:
            raise CompatibilityError(
                problem=f"the predictor takes {box_predictor.in_features} features per region, "
                f"the box head gives {box_head.out_features}",
                producer=f"{part_name('box_head', box_head)}: {box_head.out_features} features",
                consumer=f"box_predictor (BoxPredictor): in_features={box_predictor.in_features}",
                fix="build the predictor with in_features=box_head.out_features",
            )
        if box_predictor.num_classes != num_classes:
            raise CompatibilityError(
                problem=f"the detector is asked for {num_classes} classes, its predictor "
                f"scores {box_predictor.num_classes}",
                producer=f"box_predictor (BoxPredictor): num_classes={box_predictor.num_classes}",
                consumer=f"TwoStageDetector: num_classes={num_classes}",
                fix="build the predictor and the detector with the same num_classes",
            )
        settings = DetectorSettings.of(
            "TwoStageDetector",
            image_mean=image_mean,
            image_std=image_std,
            size_divisible=size_divisible,
            min_size=min_size,
            max_size=max_size,
            score_threshold=score_threshold,
            nms_iou_threshold=nms_iou_threshold,
            max_detections=max_detections,
        )
        super().__init__(
            backbone=backbone,
            neck=neck,
            num_classes=num_classes,
            feature_spec=spec,
            settings=settings,
        )
        self.rpn = rpn
        self.roi_pooler = roi_pooler
        self.box_head = box_head
        self.box_predictor = box_predictor
        self.proposal_sampler: Final = proposal_sampler
        self.min_box_size: Final = _MIN_BOX_SIZE

    def _rpn(
        self, prepared: PreparedImages, features: list[Tensor]
    ) -> tuple[RPNOutputs, AnchorSet]:
        outputs: RPNOutputs = self.rpn(features)
        anchors = self.rpn.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in features],
            image_size=prepared.padded_size,
            dtype=prepared.tensor.dtype,
            device=prepared.tensor.device,
        )
        return outputs, anchors

    @staticmethod
    def _sizes(prepared: PreparedImages) -> list[tuple[int, int]]:
        sizes = int_list(prepared.image_sizes)
        return [(sizes[i], sizes[i + 1]) for i in range(0, len(sizes), 2)]

    @checked
    def forward(self, images: Tensor | Sequence[Tensor]) -> list[Detections]:
        """Detections of each image, in its own pixel coordinates (train and eval mode).

        ``images``: a list of (3, height, width) float tensors in [0, 1] (sizes may differ)
        or one (batch, 3, height, width) tensor.
        """
        prepared = self._prepare(images)
        features = self._features(prepared)
        outputs, anchors = self._rpn(prepared, features)
        proposals = self.rpn.proposals(outputs, anchors, image_sizes=prepared.image_sizes)
        pooled = self.roi_pooler(features, proposals, self._sizes(prepared))
        predictions = self.box_predictor(self.box_head(pooled))
        regions = torch.cat(proposals)
        counts = torch.tensor([len(p) for p in proposals], device=regions.device)
        images_of = torch.repeat_interleave(
            torch.arange(len(proposals), device=regions.device), counts
        )
        classes = self.num_classes + 1
        boxes = self.proposal_sampler.box_coder.decode_single(predictions.box_deltas, regions)
        candidates = region_candidates(
            functional.softmax(predictions.class_logits, dim=-1),
            boxes.reshape(-1, classes, 4),
            images_of,
            prepared.image_sizes,
            score_threshold=self.score_threshold,
            min_size=self.min_box_size,
        )
        return detections_per_image(
            candidates,
            num_images=len(proposals),
            num_classes=self.num_classes,
            iou_threshold=self.nms_iou_threshold,
            max_detections=self.max_detections,
            box_scale=prepared.box_scale,
        )

    @checked
    def loss(self, images: Tensor | Sequence[Tensor], targets: Sequence[Targets]) -> LossBreakdown:
        """RPN and RoI loss terms for ``images`` and their ``targets`` (one per image, in
        the image's pixels). The RPN samples its anchors first, then the sampler its
        regions, each image in turn, as torchvision does: seed torch's generator before the
        call for a repeatable sample."""
        prepared = self._prepare(images)
        batch = self._target_batch(prepared, targets)
        features = self._features(prepared)
        outputs, anchors = self._rpn(prepared, features)
        proposals = self.rpn.proposals(outputs, anchors, image_sizes=prepared.image_sizes)
        rpn_losses = self.rpn.loss(outputs, anchors, batch)
        sampled = self.proposal_sampler.sample(proposals, batch)
        pooled = self.roi_pooler(features, sampled.boxes, self._sizes(prepared))
        predictions = self.box_predictor(self.box_head(pooled))
        classification, box = fastrcnn_loss(
            predictions.class_logits,
            predictions.box_deltas,
            [sampled.labels],
            [sampled.regression_targets],
        )
        return LossBreakdown.of(**rpn_losses.terms, roi_classification=classification, roi_box=box)

    def extra_repr(self) -> str:
        return f"{self._settings_repr()}, sampler={self.proposal_sampler}"
