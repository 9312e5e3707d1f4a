"""RPNHead: the region proposal network of Faster R-CNN (torchvision's RPN, batched).

The convolutions are torchvision's ``RPNHead`` (state dicts load unchanged); anchors come
from ``AnchorGrid`` (torchvision's ``AnchorGenerator``, cached per layout), as for the dense
heads. Proposal selection (``select_proposals``) and target assignment (``match_by_iou``,
``TargetBatch.assign``) run for all images at once; the fg/bg sampling is torchvision's
``BalancedPositiveNegativeSampler`` image by image, so a seeded run samples what
torchvision samples.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, final

import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn
from torch.nn import functional
from torchvision.models.detection._utils import BalancedPositiveNegativeSampler, BoxCoder
from torchvision.models.detection.rpn import RPNHead as TorchvisionRPNHead

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._arguments import (
    check_iou_thresholds,
    check_positive_int,
    check_probability,
    is_positive_int,
)
from plugtrain.components.heads._branches import to_rows
from plugtrain.components.heads._detection import HeadOutputs, check_head_inputs
from plugtrain.ops import (
    AnchorGrid,
    AnchorSet,
    TargetBatch,
    iou_matrix,
    match_by_iou,
    select_proposals,
)
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.typing import checked, checked_dataclass

__all__ = ["RPNHead", "RPNOutputs", "TrainTest", "default_rpn_anchor_sizes"]

_RPN_BOX_BETA: Final = 1.0 / 9
_MIN_SIZE: Final = 1e-3  # torchvision's RegionProposalNetwork.min_size


def default_rpn_anchor_sizes(levels: int) -> tuple[tuple[int, ...], ...]:
    """torchvision's Faster R-CNN anchors: one size per level, 32, 64, 128, 256, 512..."""
    return tuple((32 * 2**level,) for level in range(levels))


@dataclass(frozen=True, slots=True)
class TrainTest:
    """A setting with one value in training mode and one in evaluation mode."""

    training: int
    testing: int

    def at(self, *, training: bool) -> int:
        """The value for the mode."""
        return self.training if training else self.testing


@checked_dataclass
@dataclass(frozen=True, slots=True)
class RPNOutputs:
    """Per pyramid level (finest first): ``objectness`` (batch, anchors, 1) logits and
    ``box_deltas`` (batch, anchors, 4), rows in ``AnchorSet`` order."""

    objectness: tuple[Float[Tensor, "batch _ 1"], ...]
    box_deltas: tuple[Float[Tensor, "batch _ 4"], ...]


@final
class RPNHead(nn.Module):
    """Region proposals from every level of ``in_spec`` (one channel count on all levels).

    ``anchor_sizes`` per level (default 32, 64, ... as torchvision) and ``aspect_ratios``
    (height / width, every level); ``conv_depth`` 3x3 convolutions (1 in Faster R-CNN, 2
    in v2). Training: anchors with IoU >= ``fg_iou_threshold`` are positive, below
    ``bg_iou_threshold`` negative (each box also keeps its best anchors);
    ``batch_size_per_image`` anchors are sampled per image, ``positive_fraction`` of them
    positive at most. Proposals: ``pre_nms_top_n`` per level, NMS at ``nms_threshold``,
    ``post_nms_top_n`` per image, each a ``TrainTest`` (the value follows the module's
    mode, as torchvision).
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        anchor_sizes: Sequence[Sequence[int]] | None = None,
        aspect_ratios: Sequence[float] = (0.5, 1.0, 2.0),
        conv_depth: int = 1,
        fg_iou_threshold: float = 0.7,
        bg_iou_threshold: float = 0.3,
        batch_size_per_image: int = 256,
        positive_fraction: float = 0.5,
        pre_nms_top_n: TrainTest = TrainTest(training=2000, testing=1000),
        post_nms_top_n: TrainTest = TrainTest(training=2000, testing=1000),
        nms_threshold: float = 0.7,
        score_threshold: float = 0.0,
    ) -> None:
        super().__init__()
        part = "RPNHead"
        channels = in_spec.uniform_channels(consumer=part)
        sizes = (
            default_rpn_anchor_sizes(len(in_spec))
            if anchor_sizes is None
            else tuple(tuple(level) for level in anchor_sizes)
        )
        ratios = tuple(aspect_ratios)
        if len(sizes) != len(in_spec) or len({len(level) for level in sizes}) != 1:
            raise invalid_argument(
                part,
                "anchor_sizes",
                received=anchor_sizes,
                expected=f"{len(in_spec)} sequences of sizes, one per level of {in_spec}, all "
                "of the same length (the convolutions are shared)",
                fix="leave anchor_sizes=None for torchvision's ((32,), (64,), ...)",
            )
        if not all(is_positive_int(s) for level in sizes for s in level):
            raise invalid_argument(
                part,
                "anchor_sizes",
                received=anchor_sizes,
                expected="positive ints (pixels)",
                fix="leave anchor_sizes=None for torchvision's ((32,), (64,), ...)",
            )
        if not ratios or not all(r > 0 for r in ratios):
            raise invalid_argument(
                part,
                "aspect_ratios",
                received=aspect_ratios,
                expected="positive height/width ratios",
                fix="pass aspect_ratios=(0.5, 1.0, 2.0)",
            )
        self.conv_depth: Final = check_positive_int(
            part, "conv_depth", conv_depth, meaning="the 3x3 convolutions", fix="pass 1 (or 2: v2)"
        )
        self.fg_iou_threshold, self.bg_iou_threshold = check_iou_thresholds(
            part,
            fg_iou_threshold=fg_iou_threshold,
            bg_iou_threshold=bg_iou_threshold,
            defaults=(0.7, 0.3),
        )
        self.batch_size_per_image: Final = check_positive_int(
            part,
            "batch_size_per_image",
            batch_size_per_image,
            meaning="anchors sampled per image for the loss",
            fix="pass 256",
        )
        self.positive_fraction: Final = check_probability(
            part, "positive_fraction", positive_fraction, fix="pass 0.5"
        )
        for name, setting in (("pre_nms_top_n", pre_nms_top_n), ("post_nms_top_n", post_nms_top_n)):
            if not (is_positive_int(setting.training) and is_positive_int(setting.testing)):
                raise invalid_argument(
                    part,
                    name,
                    received=setting,
                    expected="TrainTest(training=..., testing=...) of positive ints",
                    fix=f"pass {name}=TrainTest(training=2000, testing=1000)",
                )
        if not 0.0 <= nms_threshold <= 1.0 or not 0.0 <= score_threshold < 1.0:
            raise invalid_argument(
                part,
                "nms_threshold" if not 0.0 <= nms_threshold <= 1.0 else "score_threshold",
                received=(nms_threshold, score_threshold),
                expected="nms_threshold in [0, 1] and score_threshold in [0, 1)",
                fix="pass nms_threshold=0.7, score_threshold=0.0",
            )
        self._in_spec: Final = in_spec
        self.pre_nms_top_n: Final = pre_nms_top_n
        self.post_nms_top_n: Final = post_nms_top_n
        self.nms_threshold: Final = float(nms_threshold)
        self.score_threshold: Final = float(score_threshold)
        self.min_size: Final = _MIN_SIZE
        self.anchor_grid: Final = AnchorGrid(sizes=sizes, aspect_ratios=[ratios] * len(sizes))
        self.box_coder: Final = BoxCoder(weights=(1.0, 1.0, 1.0, 1.0))
        self.sampler: Final = BalancedPositiveNegativeSampler(
            self.batch_size_per_image, self.positive_fraction
        )
        self.head = TorchvisionRPNHead(
            channels, self.anchor_grid.anchors_per_location[0], conv_depth=self.conv_depth
        )

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this RPN was built to take."""
        return self._in_spec

    @property
    def anchors_per_location(self) -> tuple[int, ...]:
        """Anchors at each feature-map cell, per level."""
        return self.anchor_grid.anchors_per_location

    def make_anchors(
        self,
        *,
        grid_sizes: Sequence[tuple[int, int]],
        image_size: tuple[int, int],
        dtype: torch.dtype,
        device: torch.device,
    ) -> AnchorSet:
        """Anchors for feature maps of ``grid_sizes`` over a padded batch of ``image_size``."""
        return self.anchor_grid(
            grid_sizes=grid_sizes, image_size=image_size, dtype=dtype, device=device
        )

    @checked
    def forward(self, features: FeatureMaps) -> RPNOutputs:
        """Objectness logits and box deltas of every anchor of every level."""
        check_feature_maps(component="RPNHead", features=features, spec=self._in_spec)
        logits, deltas = self.head(features)
        return RPNOutputs(
            objectness=tuple(to_rows(t, 1) for t in logits),
            box_deltas=tuple(to_rows(t, 4) for t in deltas),
        )

    def _check(self, method: str, outputs: RPNOutputs, anchors: AnchorSet) -> None:
        # the dense heads' check: one row per anchor, level by level
        as_dense = HeadOutputs(class_logits=outputs.objectness, box_regression=outputs.box_deltas)
        check_head_inputs("RPNHead", method, as_dense, anchors)

    @checked
    def proposals(
        self, outputs: RPNOutputs, anchors: AnchorSet, *, image_sizes: Int64[Tensor, "batch 2"]
    ) -> list[Float[Tensor, "_ 4"]]:
        """Proposals of each image (xyxy, network-input pixels), best first; the top-n
        settings of the module's mode (``self.training``)."""
        self._check("proposals", outputs, anchors)
        deltas = torch.cat(outputs.box_deltas, dim=1).detach()
        batch, count = int(deltas.shape[0]), int(deltas.shape[1])
        boxes = self.box_coder.decode_single(
            deltas.reshape(-1, 4), anchors.boxes.repeat(batch, 1)
        ).reshape(batch, count, 4)
        return select_proposals(
            boxes,
            torch.cat(outputs.objectness, dim=1)[..., 0],
            per_level=anchors.per_level,
            image_sizes=image_sizes,
            pre_nms_top_n=self.pre_nms_top_n.at(training=self.training),
            post_nms_top_n=self.post_nms_top_n.at(training=self.training),
            nms_threshold=self.nms_threshold,
            score_threshold=self.score_threshold,
            min_size=self.min_size,
        )

    @checked
    def loss(self, outputs: RPNOutputs, anchors: AnchorSet, targets: TargetBatch) -> LossBreakdown:
        """``rpn_objectness`` (BCE over the sampled anchors) and ``rpn_box`` (smooth L1,
        beta 1/9, over the sampled positives, divided by all sampled), as torchvision."""
        self._check("loss", outputs, anchors)
        objectness = torch.cat(outputs.objectness, dim=1)[..., 0]
        deltas = torch.cat(outputs.box_deltas, dim=1)
        matched = match_by_iou(
            iou_matrix(targets.boxes, anchors.boxes),
            targets.valid,
            high_threshold=self.fg_iou_threshold,
            low_threshold=self.bg_iou_threshold,
            allow_low_quality_matches=True,
        )
        assigned = targets.assign(matched)
        # torchvision's sampler labels: 1 positive, 0 negative, -1 ignored
        labels = assigned.foreground.to(objectness.dtype).masked_fill(assigned.ignored, -1.0)
        positive, negative = self.sampler(list(labels.unbind(0)))
        positive_mask = torch.stack(positive).bool()
        sampled = positive_mask | torch.stack(negative).bool()
        count = sampled.sum().clamp(min=1)
        batch = int(deltas.shape[0])
        wanted = self.box_coder.encode_single(
            assigned.boxes[positive_mask], anchors.boxes.expand(batch, -1, -1)[positive_mask]
        )
        box = (
            functional.smooth_l1_loss(
                deltas[positive_mask], wanted, beta=_RPN_BOX_BETA, reduction="sum"
            )
            / count
        )
        objectness_loss = functional.binary_cross_entropy_with_logits(
            objectness[sampled], labels[sampled]
        )
        return LossBreakdown.of(rpn_objectness=objectness_loss, rpn_box=box)

    def extra_repr(self) -> str:
        return (
            f"in_spec={self._in_spec}, anchors={self.anchor_grid}, "
            f"pre_nms_top_n={self.pre_nms_top_n}, post_nms_top_n={self.post_nms_top_n}, "
            f"nms_threshold={self.nms_threshold}"
        )
