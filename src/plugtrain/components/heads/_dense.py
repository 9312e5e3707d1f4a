"""DenseHead: what every dense detection head shares, written once.

A dense head predicts, at every anchor of every pyramid level, one logit per class and a
box encoding. What differs between FCOS, RetinaNet and the next such head is small: how
anchors are matched to boxes, the loss terms, how outputs become scores, and the box
coder. This base owns the rest:

* the argument rules every dense head has (classes, tower convolutions, GroupNorm, prior);
* the spec (``in_spec``, one channel count on every level) and the feature check;
* anchors (torchvision's ``AnchorGenerator`` through ``AnchorGrid``, cached per layout),
  with the same number of anchors at every location of every level;
* the classification tower (torchvision's ``classification_head`` layout);
* the check that outputs, anchors and targets belong together, and the narrowing of the
  outputs to the head's own ``HeadOutputs`` subclass;
* target gathering (``TargetBatch.assign``) after the head's match;
* the candidate loop: per level the ``k`` best above the threshold for all images at once
  (``top_candidates``), decoding, clipping, flat ``Candidates``.

A subclass supplies its regression tower and ``_outputs`` (the forward of one batch),
``match`` and ``loss_terms`` (training), ``level_scores`` (scoring) and ``decode`` (its box
coder); ``ranking_threshold`` / ``to_scores`` let it rank in another monotone space
(RetinaNet thresholds logits instead of sigmoids).
"""

from abc import abstractmethod
from collections.abc import Sequence
from typing import Final, Generic, TypeVar

import torch
from jaxtyping import Float, Int64
from torch import Tensor

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._arguments import HeadNorm, check_dense_head_arguments
from plugtrain.components.heads._branches import ClassificationBranch, Tower
from plugtrain.components.heads._detection import (
    DenseHeadPredictions,
    DetectionHead,
    HeadOutputs,
    check_head_inputs,
)
from plugtrain.errors import ShapeError
from plugtrain.ops import (
    AnchorGrid,
    AnchorSet,
    AssignedTargets,
    Candidates,
    TargetBatch,
    clip_to_images,
    top_candidates,
)
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked

__all__ = ["DenseHead"]

OutputsT = TypeVar("OutputsT", bound=HeadOutputs)


class DenseHead(DetectionHead, Generic[OutputsT]):
    """Base of dense heads whose ``forward`` returns ``OutputsT``.

    ``__init__`` checks the shared arguments (``CompatibilityError`` when the levels of
    ``in_spec`` differ in channels, the argument error otherwise), builds
    ``classification_head`` from ``tower`` and keeps ``anchor_grid``. Subclasses are
    ``@final`` and call it before building their own modules.
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        num_classes: int,
        num_convs: int,
        norm: HeadNorm,
        prior_probability: float,
        anchor_grid: AnchorGrid,
        tower: Tower,
        outputs_type: type[OutputsT],
    ) -> None:
        super().__init__()
        part = type(self).__name__
        channels = in_spec.uniform_channels(consumer=part)
        self.norm: Final = check_dense_head_arguments(
            part,
            channels=channels,
            num_classes=num_classes,
            num_convs=num_convs,
            norm=norm,
            prior_probability=prior_probability,
        )
        if len(anchor_grid.sizes) != len(in_spec):
            raise invalid_argument(
                part,
                "anchor_sizes",
                received=anchor_grid.sizes,
                expected=f"{len(in_spec)} levels of anchor sizes, one per level of {in_spec}",
                fix="leave anchor_sizes=None for the head's default sizes",
            )
        per_location = set(anchor_grid.anchors_per_location)
        if len(per_location) != 1:
            raise invalid_argument(
                part,
                "anchor_sizes",
                received=f"{anchor_grid.anchors_per_location} anchors per location on the levels",
                expected="the same number of sizes x aspect ratios on every level",
                fix="give every level as many sizes (and aspect ratios) as the others",
            )
        self._part: Final = part
        self._in_spec: Final = in_spec
        self._num_classes: Final = num_classes
        self._outputs_type: Final = outputs_type
        self.channels: Final = channels
        self.num_convs: Final = num_convs
        self.anchor_grid: Final = anchor_grid
        self.classification_head = ClassificationBranch(
            tower=tower(channels, num_convs, self.norm),
            channels=channels,
            anchors=per_location.pop(),
            num_classes=num_classes,
            prior_probability=prior_probability,
        )

    @property
    def in_spec(self) -> FeatureSpec:
        return self._in_spec

    @property
    def num_classes(self) -> int:
        return self._num_classes

    @property
    def anchors_per_location(self) -> tuple[int, ...]:
        return self.anchor_grid.anchors_per_location

    def make_anchors(
        self,
        *,
        grid_sizes: Sequence[tuple[int, int]],
        image_size: tuple[int, int],
        dtype: torch.dtype,
        device: torch.device,
    ) -> AnchorSet:
        return self.anchor_grid(
            grid_sizes=grid_sizes, image_size=image_size, dtype=dtype, device=device
        )

    # --- what a subclass supplies -------------------------------------------------------

    @abstractmethod
    def _outputs(self, features: FeatureMaps) -> OutputsT:
        """The raw outputs for features already checked against ``in_spec``."""

    @abstractmethod
    def match(self, anchors: AnchorSet, targets: TargetBatch) -> Int64[Tensor, "batch anchors"]:
        """Each anchor's box index in ``targets`` or a negative value (background, or
        ``BETWEEN_THRESHOLDS`` for ignored), for all images at once."""

    @abstractmethod
    def loss_terms(
        self, outputs: OutputsT, anchors: AnchorSet, assigned: AssignedTargets
    ) -> LossBreakdown:
        """The loss terms once every anchor has its label and box."""

    @abstractmethod
    def level_scores(self, outputs: OutputsT, level: int) -> Float[Tensor, "batch num"]:
        """Ranking values of one level, (batch, anchors * classes) in the order of the
        level's rows then classes; ``to_scores`` maps them to scores in [0, 1]."""

    @abstractmethod
    def decode(
        self, regression: Float[Tensor, "num 4"], anchors: Float[Tensor, "num 4"]
    ) -> Float[Tensor, "num 4"]:
        """Boxes (xyxy, pixels) from the head's box encoding at ``anchors``."""

    def ranking_threshold(self, score_threshold: float) -> float:
        """``score_threshold`` in the space of ``level_scores`` (the same by default)."""
        return score_threshold

    def to_scores(self, values: Float[Tensor, "*shape"]) -> Float[Tensor, "*shape"]:
        """Scores in [0, 1] from values of ``level_scores`` (the same by default)."""
        return values

    # --- what the base does -------------------------------------------------------------

    def _own(
        self,
        method: str,
        outputs: HeadOutputs,
        anchors: AnchorSet,
        targets: TargetBatch | None = None,
    ) -> OutputsT:
        if not isinstance(outputs, self._outputs_type):
            raise ShapeError(
                component=self._part,
                method=method,
                argument="outputs",
                expected=f"{self._outputs_type.__name__}, as {self._part}.forward returns",
                actual=type(outputs).__name__,
                bindings={},
                reason=f"the outputs are not {self._part}'s",
                fix=f"pass the outputs of this {self._part}'s forward",
            )
        check_head_inputs(self._part, method, outputs, anchors, targets)
        return outputs

    @checked
    def forward(self, features: FeatureMaps) -> HeadOutputs:
        """Raw per-level outputs (the head's ``HeadOutputs`` subclass) for features that
        fit ``in_spec``."""
        check_feature_maps(component=self._part, features=features, spec=self._in_spec)
        return self._outputs(features)

    @checked
    def loss(self, outputs: HeadOutputs, anchors: AnchorSet, targets: TargetBatch) -> LossBreakdown:
        own = self._own("loss", outputs, anchors, targets)
        return self.loss_terms(own, anchors, targets.assign(self.match(anchors, targets)))

    @checked
    def candidates(
        self,
        outputs: HeadOutputs,
        anchors: AnchorSet,
        *,
        image_sizes: Int64[Tensor, "batch 2"],
        score_threshold: float,
        topk_candidates: int,
    ) -> Candidates:
        own = self._own("candidates", outputs, anchors)
        classes = self._num_classes
        threshold = self.ranking_threshold(score_threshold)
        boxes: list[Tensor] = []
        scores: list[Tensor] = []
        labels: list[Tensor] = []
        images: list[Tensor] = []
        for level, (regression, level_anchors) in enumerate(
            zip(own.box_regression, anchors.levels(), strict=True)
        ):
            ranked = self.level_scores(own, level)
            image, position = top_candidates(ranked, threshold=threshold, k=topk_candidates)
            if image.numel() == 0:
                continue  # nothing above the threshold on this level
            anchor = torch.div(position, classes, rounding_mode="floor")
            decoded = self.decode(regression[image, anchor], level_anchors[anchor])
            boxes.append(clip_to_images(decoded, image, image_sizes))
            scores.append(self.to_scores(ranked[image, position]))
            labels.append(position % classes)
            images.append(image)
        if not boxes:
            first = own.box_regression[0]
            return Candidates.empty(dtype=first.dtype, device=first.device)
        return Candidates(
            boxes=torch.cat(boxes),
            scores=torch.cat(scores),
            labels=torch.cat(labels),
            images=torch.cat(images),
        )

    def dense_predictions(self, outputs: HeadOutputs, anchors: AnchorSet) -> DenseHeadPredictions:
        """The scores and decoded boxes ``candidates`` selects from, for every anchor of every
        level (fixed shapes, no data-dependent selection): the input of an exported graph's
        fixed-size top-k."""
        own = self._own("dense_predictions", outputs, anchors)
        boxes: list[Tensor] = []
        for regression, level_anchors in zip(own.box_regression, anchors.levels(), strict=True):
            batch = regression.shape[0]
            # decode takes (num, 4) rows: the level's anchors once per image
            rows = level_anchors[None].expand(batch, -1, -1).reshape(-1, 4)
            boxes.append(self.decode(regression.reshape(-1, 4), rows).reshape(regression.shape))
        return DenseHeadPredictions(
            scores=tuple(
                self.to_scores(self.level_scores(own, level))
                for level in range(len(own.class_logits))
            ),
            boxes=tuple(boxes),
        )

    def extra_repr(self) -> str:
        return (
            f"in_spec={self._in_spec}, num_classes={self._num_classes}, "
            f"num_convs={self.num_convs}, norm={self.norm!r}, anchors={self.anchor_grid}"
        )
