"""The interface of dense detection heads (FCOS, RetinaNet) and what they output.

A detection head owns everything specific to its method: its convolutions, its anchors
(or anchor points), its target assignment and loss, and how its outputs become scored
boxes. The ``Detector`` around it does what all dense detectors share: preprocessing,
batched NMS and mapping boxes back to the input images. ``DenseHead`` (``_dense.py``) is the
base that implements this interface for heads of the FCOS / RetinaNet kind.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn

from plugtrain.components._interfaces import FeatureMaps
from plugtrain.errors import ExportError, ShapeError
from plugtrain.ops import AnchorSet, Candidates, TargetBatch
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked_dataclass

__all__ = ["DenseHeadPredictions", "DetectionHead", "HeadOutputs", "check_head_inputs"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class HeadOutputs:
    """Raw outputs of a dense head, one tensor per pyramid level (finest first).

    Rows are the level's anchors in ``AnchorSet`` order (location by location, the anchors
    of a location together). ``class_logits``: (batch, anchors, classes) before the
    sigmoid; ``box_regression``: (batch, anchors, 4) in the head's box encoding. A head
    with more outputs (FCOS's centerness) returns a subclass with more fields.
    """

    class_logits: tuple[Float[Tensor, "batch _ classes"], ...]
    box_regression: tuple[Float[Tensor, "batch _ 4"], ...]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class DenseHeadPredictions:
    """Scores and decoded boxes of every anchor of every level, before any selection.

    ``scores[i]``: (batch, anchors * classes) in [0, 1], indexed as ``candidates`` indexes
    level ``i`` (anchor ``p // classes``, class ``p % classes``); ``boxes[i]``: (batch,
    anchors, 4) xyxy in pixels of the padded batch, not clipped. The fixed-shape input of
    an exported detector's postprocessing.
    """

    scores: tuple[Float[Tensor, "batch _"], ...]
    boxes: tuple[Float[Tensor, "batch _ 4"], ...]


def check_head_inputs(
    component: str,
    method: str,
    outputs: HeadOutputs,
    anchors: AnchorSet,
    targets: TargetBatch | None = None,
) -> None:
    """``ShapeError`` unless ``outputs`` has one row per anchor of ``anchors``, level by
    level, and ``targets`` (if given) one entry per image of ``outputs``."""
    # batch sizes only read when there are targets: int() would pin an exported batch axis
    images = int(outputs.class_logits[0].shape[0]) if outputs.class_logits and targets else 0
    if targets is not None and int(targets.boxes.shape[0]) != images:
        raise ShapeError(
            component=component,
            method=method,
            argument="targets",
            expected=f"a TargetBatch of {images} images, as the outputs",
            actual=f"TargetBatch of {int(targets.boxes.shape[0])} images",
            bindings={"batch": images},
            reason="the targets and the outputs are of different batches",
            fix="pass the targets of the images the outputs were computed for",
        )
    rows = tuple(int(t.shape[1]) for t in outputs.class_logits)
    if rows != anchors.per_level:
        raise ShapeError(
            component=component,
            method=method,
            argument="anchors",
            expected=f"an AnchorSet with {rows} anchors per level (one per output row)",
            actual=f"AnchorSet with {anchors.per_level} anchors per level",
            bindings={},
            reason=f"the outputs have {rows} rows per level, the anchors {anchors.per_level}",
            fix="make the anchors with make_anchors() for the feature maps the outputs came from",
        )


class DetectionHead(nn.Module, ABC):
    """A dense detection head over a feature pyramid of uniform channels.

    Implementations are ``@final``, declare ``in_spec`` (the features they were built
    for) and check ``forward``, ``loss`` and ``candidates`` with ``@checked``.
    """

    @property
    @abstractmethod
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this head was built to take."""

    @property
    @abstractmethod
    def num_classes(self) -> int:
        """Number of foreground classes (labels are ``0 .. num_classes - 1``)."""

    @property
    @abstractmethod
    def anchors_per_location(self) -> tuple[int, ...]:
        """Anchors (or points) predicted at each feature-map cell, per level."""

    @abstractmethod
    def make_anchors(
        self,
        *,
        grid_sizes: Sequence[tuple[int, int]],
        image_size: tuple[int, int],
        dtype: torch.dtype,
        device: torch.device,
    ) -> AnchorSet:
        """Anchors for feature maps of ``grid_sizes`` (height, width) over a padded batch
        of ``image_size`` (height, width)."""

    @abstractmethod
    def forward(self, features: FeatureMaps) -> HeadOutputs:
        """Raw per-level outputs for features that fit ``in_spec``."""

    @abstractmethod
    def loss(self, outputs: HeadOutputs, anchors: AnchorSet, targets: TargetBatch) -> LossBreakdown:
        """Assign targets to anchors (for all images at once) and score the outputs."""

    @abstractmethod
    def candidates(
        self,
        outputs: HeadOutputs,
        anchors: AnchorSet,
        *,
        image_sizes: Int64[Tensor, "batch 2"],
        score_threshold: float,
        topk_candidates: int,
    ) -> Candidates:
        """Decoded, clipped boxes scoring above ``score_threshold``, at most
        ``topk_candidates`` per level and image, for all images at once."""

    def dense_predictions(self, outputs: HeadOutputs, anchors: AnchorSet) -> DenseHeadPredictions:
        """Export hook: the scores and decoded boxes ``candidates`` selects from, for every
        anchor (fixed shapes, no data-dependent selection), so that an exported graph can
        select with fixed-size top-k. A head that does not override it cannot be exported."""
        raise ExportError(
            f"cannot export head ({type(self).__name__}): it does not implement "
            "dense_predictions(), the fixed-shape scores and boxes an exported graph needs; "
            "fix: implement DetectionHead.dense_predictions for this head, or use an FCOSHead "
            "or RetinaNetHead"
        )
