"""Detector: backbone + optional neck + dense head, with pre- and postprocessing.

``detector(images) -> list[Detections]`` in every mode; ``detector.loss(images, targets)
-> LossBreakdown``. Preprocessing and postprocessing follow torchvision's FCOS/RetinaNet
(``GeneralizedRCNNTransform``, score threshold, top-k per level, per-class NMS, best
detections), batched over the images.
"""

import math
from collections.abc import Sequence
from typing import Final, final

from torch import Tensor

from plugtrain.components import Backbone, Neck
from plugtrain.components._arguments import invalid_argument
from plugtrain.components.heads import DetectionHead, HeadOutputs
from plugtrain.errors import CompatibilityError
from plugtrain.models._detector_base import DetectorBase
from plugtrain.models._detector_summary import DetectorSummary, LevelSummary, PartSummary
from plugtrain.models._inputs import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    DetectorSettings,
    part_name,
    positive_int,
)
from plugtrain.ops import (
    AnchorSet,
    PreparedImages,
    detections_per_image,
    resized_size,
)
from plugtrain.structures import Detections, FeatureSpec, LossBreakdown, Targets
from plugtrain.typing import checked

__all__ = ["IMAGENET_MEAN", "IMAGENET_STD", "Detector"]


@final
class Detector(DetectorBase):
    """A dense object detector built from parts.

    Wiring is checked at construction: ``backbone.feature_spec`` must be the ``in_spec``
    the neck was built for, and the neck's (or, without a neck, the backbone's) spec the
    head's ``in_spec``; otherwise ``CompatibilityError`` lists both specs. ``num_classes``
    must equal the head's.

    Preprocessing: images (values in [0, 1]) are normalised with ``image_mean`` /
    ``image_std``, resized when ``min_size`` and ``max_size`` are given (short side to
    ``min_size`` unless the long side would pass ``max_size``), and zero-padded to a
    multiple of ``size_divisible``. Postprocessing: per level the ``topk_candidates`` best
    scores above ``score_threshold``, per-class NMS at ``nms_iou_threshold``, the
    ``max_detections`` best per image, boxes in each input image's pixels.
    """

    def __init__(
        self,
        *,
        backbone: Backbone,
        neck: Neck | None,
        head: DetectionHead,
        num_classes: int,
        image_mean: Sequence[float] = IMAGENET_MEAN,
        image_std: Sequence[float] = IMAGENET_STD,
        size_divisible: int = 32,
        min_size: int | None = None,
        max_size: int | None = None,
        score_threshold: float = 0.05,
        nms_iou_threshold: float = 0.5,
        topk_candidates: int = 1000,
        max_detections: int = 100,
    ) -> None:
        head_input = self._check_wiring(backbone, neck, head)
        if head.num_classes != num_classes:
            raise CompatibilityError(
                problem=f"the detector is asked for {num_classes} classes, its head predicts "
                f"{head.num_classes}",
                producer=f"{part_name('head', head)}: num_classes={head.num_classes}",
                consumer=f"Detector: num_classes={num_classes}",
                fix="build the head and the detector with the same num_classes",
            )
        settings = DetectorSettings.of(
            "Detector",
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
            feature_spec=head_input,
            settings=settings,
        )
        self.head = head
        self.topk_candidates: Final = positive_int("topk_candidates", topk_candidates, "1000")

    @staticmethod
    def _check_wiring(backbone: Backbone, neck: Neck | None, head: DetectionHead) -> FeatureSpec:
        for role, part, kind in (
            ("backbone", backbone, Backbone),
            ("neck", neck, Neck),
            ("head", head, DetectionHead),
        ):
            if part is None and role == "neck":
                continue
            if not isinstance(part, kind):
                raise invalid_argument(
                    "Detector",
                    role,
                    received=type(part).__name__,
                    expected=f"a plugtrain {kind.__name__}",
                    fix=f"pass a {kind.__name__} from plugtrain.components",
                )
        spec = backbone.feature_spec
        producer = part_name("backbone", backbone)
        if neck is not None:
            spec.require_fits(neck.in_spec, producer=producer, consumer=part_name("neck", neck))
            spec = neck.feature_spec
            producer = part_name("neck", neck)
        spec.require_fits(head.in_spec, producer=producer, consumer=part_name("head", head))
        return spec

    def _run(self, prepared: PreparedImages) -> tuple[HeadOutputs, AnchorSet]:
        tensor = prepared.tensor
        features = self._features(prepared)
        outputs: HeadOutputs = self.head(features)
        anchors = self.head.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in features],
            image_size=prepared.padded_size,
            dtype=tensor.dtype,
            device=tensor.device,
        )
        return outputs, anchors

    @checked
    def forward(self, images: Tensor | Sequence[Tensor]) -> list[Detections]:
        """Detections of each image, in its own pixel coordinates (train and eval mode).

        ``images``: a list of (3, height, width) float tensors in [0, 1] (sizes may differ)
        or one (batch, 3, height, width) tensor.
        """
        prepared = self._prepare(images)
        outputs, anchors = self._run(prepared)
        candidates = self.head.candidates(
            outputs,
            anchors,
            image_sizes=prepared.image_sizes,
            score_threshold=self.score_threshold,
            topk_candidates=self.topk_candidates,
        )
        return detections_per_image(
            candidates,
            num_images=int(prepared.tensor.shape[0]),
            num_classes=self.num_classes,
            iou_threshold=self.nms_iou_threshold,
            max_detections=self.max_detections,
            box_scale=prepared.box_scale,
        )

    @checked
    def loss(self, images: Tensor | Sequence[Tensor], targets: Sequence[Targets]) -> LossBreakdown:
        """The head's loss terms for ``images`` and their ``targets`` (one per image).

        Targets are in each input image's pixels; they are resized with the images.
        Images without objects (``Targets`` with no boxes) are fine.
        """
        prepared = self._prepare(images)
        batch = self._target_batch(prepared, targets)
        outputs, anchors = self._run(prepared)
        return self.head.loss(outputs, anchors, batch)

    def summary(self, image_size: tuple[int, int] = (512, 512)) -> DetectorSummary:
        """Per-level shapes, strides and anchors for an input of ``image_size`` (height,
        width), and the parameters of each part. ``rich.print`` it for tables."""
        height, width = (int(image_size[0]), int(image_size[1]))
        if height < 1 or width < 1:
            raise invalid_argument(
                "Detector.summary",
                "image_size",
                received=image_size,
                expected="(height, width), both positive",
                fix="pass e.g. image_size=(512, 512)",
            )
        resized, _ = resized_size((height, width), min_size=self.min_size, max_size=self.max_size)
        divisible = self.size_divisible
        padded = (
            math.ceil(resized[0] / divisible) * divisible,
            math.ceil(resized[1] / divisible) * divisible,
        )
        levels = tuple(
            LevelSummary(
                name=level.name,
                channels=level.channels,
                stride=level.stride,
                height=math.ceil(padded[0] / level.stride),
                width=math.ceil(padded[1] / level.stride),
                anchors_per_location=per_location,
            )
            for level, per_location in zip(
                self.feature_spec, self.head.anchors_per_location, strict=True
            )
        )
        parts = tuple(
            PartSummary(
                role=role,
                kind=type(part).__name__,
                parameters=sum(p.numel() for p in part.parameters()),
                trainable=sum(p.numel() for p in part.parameters() if p.requires_grad),
            )
            for role, part in (
                ("backbone", self.backbone),
                ("neck", self.neck),
                ("head", self.head),
            )
            if part is not None
        )
        return DetectorSummary(
            image_size=(height, width),
            network_input=padded,
            num_classes=self.num_classes,
            levels=levels,
            parts=parts,
        )

    def extra_repr(self) -> str:
        return f"{self._settings_repr()}, topk_candidates={self.topk_candidates}"
