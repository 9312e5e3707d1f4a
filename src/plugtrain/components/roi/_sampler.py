"""ProposalSampler: the regions a two-stage detector's box head is trained on.

torchvision's ``RoIHeads.select_training_samples``, with the matching batched: each
image's proposals get its ground-truth boxes appended, every region is matched to the
boxes of its image for all images at once (``match_by_iou`` on padded regions), and
torchvision's ``BalancedPositiveNegativeSampler`` picks ``batch_size_per_image`` regions
per image (``positive_fraction`` of them foreground at most), image by image as
torchvision does, so a seeded run picks the same regions.
"""

from dataclasses import dataclass
from typing import Final, final

import torch
from jaxtyping import Float, Int64
from torch import Tensor
from torch.nn.utils.rnn import pad_sequence
from torchvision.models.detection._utils import BalancedPositiveNegativeSampler, BoxCoder
from torchvision.ops import box_iou

from plugtrain._tensors import int_list
from plugtrain.components.heads._arguments import (
    check_iou_thresholds,
    check_positive_int,
    check_probability,
)
from plugtrain.errors import ShapeError
from plugtrain.ops import TargetBatch, match_by_iou
from plugtrain.typing import checked, checked_dataclass

__all__ = ["ProposalSampler", "SampledProposals"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class SampledProposals:
    """The regions to train on, image after image.

    ``boxes``: per image (xyxy, network-input pixels); ``labels``: (regions,) class of
    each region, 0 for background and ``1 + label`` for a region matched to a box of
    ``label``; ``regression_targets``: (regions, 4) the matched box encoded against the
    region (zeros for background).
    """

    boxes: list[Float[Tensor, "_ 4"]]
    labels: Int64[Tensor, " rois"]
    regression_targets: Float[Tensor, "rois 4"]


@final
class ProposalSampler:
    """Matches proposals to boxes (IoU >= ``fg_iou_threshold`` foreground, below
    ``bg_iou_threshold`` background) and samples them; encodes targets with a
    ``BoxCoder`` of ``box_weights`` (torchvision: (10, 10, 5, 5))."""

    def __init__(
        self,
        *,
        fg_iou_threshold: float = 0.5,
        bg_iou_threshold: float = 0.5,
        batch_size_per_image: int = 512,
        positive_fraction: float = 0.25,
        box_weights: tuple[float, float, float, float] = (10.0, 10.0, 5.0, 5.0),
    ) -> None:
        part = "ProposalSampler"
        self.fg_iou_threshold, self.bg_iou_threshold = check_iou_thresholds(
            part,
            fg_iou_threshold=fg_iou_threshold,
            bg_iou_threshold=bg_iou_threshold,
            defaults=(0.5, 0.5),
        )
        self.batch_size_per_image: Final = check_positive_int(
            part,
            "batch_size_per_image",
            batch_size_per_image,
            meaning="regions sampled per image",
            fix="pass 512",
        )
        self.positive_fraction: Final = check_probability(
            part, "positive_fraction", positive_fraction, fix="pass 0.25"
        )
        self.box_coder: Final = BoxCoder(weights=box_weights)
        self._sampler: Final = BalancedPositiveNegativeSampler(
            self.batch_size_per_image, self.positive_fraction
        )

    @checked
    def sample(
        self, proposals: list[Float[Tensor, "_ 4"]], targets: TargetBatch
    ) -> SampledProposals:
        """The training regions for ``proposals`` (one tensor per image) and ``targets``."""
        if len(proposals) != int(targets.boxes.shape[0]):
            raise ShapeError(
                component="ProposalSampler",
                method="sample",
                argument="proposals",
                expected=f"one tensor per image of the targets ({int(targets.boxes.shape[0])})",
                actual=f"{len(proposals)} tensors",
                bindings={},
                reason="proposals and targets are of different batches",
                fix="pass the proposals of the images the targets belong to",
            )
        regions = [
            torch.cat([p, boxes[valid].to(p.dtype)])
            for p, boxes, valid in zip(proposals, targets.boxes, targets.valid, strict=True)
        ]
        counts = [int(r.shape[0]) for r in regions]
        padded = pad_sequence(regions, batch_first=True)  # (batch, regions, 4)
        quality = torch.stack([box_iou(gt, r) for gt, r in zip(targets.boxes, padded, strict=True)])
        matched = match_by_iou(
            quality,
            targets.valid,
            high_threshold=self.fg_iou_threshold,
            low_threshold=self.bg_iou_threshold,
            allow_low_quality_matches=False,
        )
        assigned = targets.assign(matched)
        real = (
            torch.arange(padded.shape[1], device=padded.device)[None, :]
            < torch.tensor(counts, device=padded.device)[:, None]
        )
        # sampler labels: > 0 foreground, 0 background, -1 ignored (padding too)
        labels = (assigned.labels + 1).masked_fill(assigned.ignored | ~real, -1)
        positive, negative = self._sampler(list(labels.unbind(0)))
        chosen = torch.stack(positive).bool() | torch.stack(negative).bool()
        image, index = chosen.nonzero(as_tuple=True)  # image after image, ascending
        boxes = padded[image, index]
        foreground = assigned.foreground[image, index]
        encoded = self.box_coder.encode_single(assigned.boxes[image, index], boxes)
        per_image = int_list(torch.bincount(image, minlength=len(proposals)))
        return SampledProposals(
            boxes=list(torch.split(boxes, per_image)),
            labels=labels[image, index],
            regression_targets=torch.where(foreground[:, None], encoded, 0.0),
        )

    def __repr__(self) -> str:
        return (
            f"ProposalSampler(fg_iou_threshold={self.fg_iou_threshold}, "
            f"bg_iou_threshold={self.bg_iou_threshold}, "
            f"batch_size_per_image={self.batch_size_per_image}, "
            f"positive_fraction={self.positive_fraction})"
        )
