"""What both detectors share: the feature path (backbone, optional neck), preprocessing
and the targets' checks, on the settings ``DetectorSettings.of`` checked."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Final

import torch
from torch import Tensor, nn

from plugtrain.components import Backbone, Neck
from plugtrain.models._inputs import DetectorSettings, check_targets
from plugtrain.ops import PreparedImages, TargetBatch, prepare_images
from plugtrain.structures import Detections, FeatureSpec, LossBreakdown, Targets

__all__ = ["DetectorBase"]


class DetectorBase(nn.Module, ABC):
    """A detector's parts before its heads and the settings around them.

    ``feature_spec`` is what the heads receive (the neck's spec, or the backbone's
    without a neck); the subclass checks the wiring before it calls ``__init__``.
    """

    image_mean: Tensor
    image_std: Tensor

    def __init__(
        self,
        *,
        backbone: Backbone,
        neck: Neck | None,
        num_classes: int,
        feature_spec: FeatureSpec,
        settings: DetectorSettings,
    ) -> None:
        super().__init__()
        self.backbone = backbone
        self.neck = neck
        self.num_classes: Final = num_classes
        self.feature_spec: Final[FeatureSpec] = feature_spec
        self.register_buffer("image_mean", torch.tensor(settings.image_mean), persistent=False)
        self.register_buffer("image_std", torch.tensor(settings.image_std), persistent=False)
        self.size_divisible: Final = settings.size_divisible
        self.min_size: Final = settings.min_size
        self.max_size: Final = settings.max_size
        self.score_threshold: Final = settings.score_threshold
        self.nms_iou_threshold: Final = settings.nms_iou_threshold
        self.max_detections: Final = settings.max_detections

    @abstractmethod
    def forward(self, images: Tensor | Sequence[Tensor]) -> list[Detections]:
        """Detections of each image, in its own pixel coordinates."""

    @abstractmethod
    def loss(self, images: Tensor | Sequence[Tensor], targets: Sequence[Targets]) -> LossBreakdown:
        """The loss terms of ``images`` and their ``targets`` (one per image)."""

    def _prepare(self, images: Tensor | Sequence[Tensor]) -> PreparedImages:
        return prepare_images(
            images,
            mean=self.image_mean,
            std=self.image_std,
            size_divisible=self.size_divisible,
            min_size=self.min_size,
            max_size=self.max_size,
        )

    def _features(self, prepared: PreparedImages) -> list[Tensor]:
        features: list[Tensor] = self.backbone(prepared.tensor)
        if self.neck is not None:
            features = self.neck(features)
        return features

    def _target_batch(self, prepared: PreparedImages, targets: Sequence[Targets]) -> TargetBatch:
        """``targets`` checked against the images and classes, resized with the images."""
        checked = check_targets(prepared, targets, num_classes=self.num_classes)
        return TargetBatch.of(
            checked,
            box_scale=prepared.target_scale,
            dtype=prepared.tensor.dtype,
            device=prepared.tensor.device,
        )

    def _settings_repr(self) -> str:
        resize = (
            f"min_size={self.min_size}, max_size={self.max_size}, "
            if self.min_size is not None
            else ""
        )
        return (
            f"num_classes={self.num_classes}, {resize}size_divisible={self.size_divisible}, "
            f"score_threshold={self.score_threshold}, nms_iou_threshold={self.nms_iou_threshold}, "
            f"max_detections={self.max_detections}"
        )
