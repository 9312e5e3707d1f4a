"""Do an exported detector and the eager one agree? Order-free, tie-aware comparison.

Exported graphs and eager PyTorch round differently in the last bits, so detections of
(nearly) equal score may come out in another order, and at the ``max_detections`` cut a
near-tie may fall on either side. Detections are therefore paired order-free: an eager
detection with an unused exported one of the same label, score within the tolerance and
the closest box; a detection left without a partner counts against the export unless it
is such a near-tie at a full cut.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import torch

from plugtrain._tensors import int_list
from plugtrain.errors import ArgumentError
from plugtrain.structures import Detections

__all__ = [
    "BOX_TOLERANCE_PX",
    "SCORE_TOLERANCE",
    "ImageParity",
    "ParityReport",
    "compare_detections",
]

BOX_TOLERANCE_PX: Final = 1e-3
SCORE_TOLERANCE: Final = 1e-4


@dataclass(frozen=True, slots=True)
class ImageParity:
    """One image: detections on each side, how many matched, the worst differences."""

    eager: int
    exported: int
    matched: int
    max_box_diff_px: float
    max_score_diff: float

    @property
    def labels_agree(self) -> bool:
        """Every detection found its counterpart with the same label."""
        return self.matched == self.eager == self.exported


@dataclass(frozen=True, slots=True)
class ParityReport:
    """Per-image results and the verdict against ``box_tolerance_px`` / ``score_tolerance``."""

    images: tuple[ImageParity, ...]
    box_tolerance_px: float
    score_tolerance: float

    @property
    def max_box_diff_px(self) -> float:
        return max((i.max_box_diff_px for i in self.images), default=0.0)

    @property
    def max_score_diff(self) -> float:
        return max((i.max_score_diff for i in self.images), default=0.0)

    @property
    def label_agreement(self) -> float:
        """Matched detections / detections (1.0 when neither side found any)."""
        total = sum(max(i.eager, i.exported) for i in self.images)
        return 1.0 if total == 0 else sum(i.matched for i in self.images) / total

    @property
    def passed(self) -> bool:
        return (
            all(i.labels_agree for i in self.images)
            and self.max_box_diff_px <= self.box_tolerance_px
            and self.max_score_diff <= self.score_tolerance
        )


def _compare_image(
    eager: Detections,
    exported: Detections,
    *,
    max_detections: int,
    box_tolerance_px: float,
    score_tolerance: float,
) -> ImageParity:
    """Pass 1 pairs detections that agree within the tolerances; near-ties left over at
    a full cut are forgiven; pass 2 pairs what is left with its closest same-label,
    same-score detection, whose box difference then fails the check."""
    same = (eager.labels[:, None] == exported.labels[None, :]) & (
        (eager.scores[:, None] - exported.scores[None, :]).abs() <= score_tolerance
    )
    box_gap = (eager.boxes[:, None, :] - exported.boxes[None, :, :]).abs().amax(dim=2)
    score_gap = (eager.scores[:, None] - exported.scores[None, :]).abs()
    used = torch.zeros(len(exported), dtype=torch.bool)
    paired = torch.zeros(len(eager), dtype=torch.bool)
    box_diff = 0.0
    score_diff = 0.0
    order = int_list(torch.argsort(eager.scores, descending=True, stable=True))
    for strict in (True, False):
        if not strict and len(eager) == len(exported) == max_detections:
            # at a full cut, a near-tie with the last kept score may fall on either side
            cut = min(float(eager.scores.min()), float(exported.scores.min())) + score_tolerance
            left_eager = ~paired & (eager.scores <= cut)
            left_exported = ~used & (exported.scores <= cut)
            if int(left_eager.sum()) == int(left_exported.sum()):
                paired |= left_eager
                used |= left_exported
        for row in order:
            if bool(paired[row]):
                continue
            ok = same[row] & ~used
            if strict:
                ok &= box_gap[row] <= box_tolerance_px
            if not bool(ok.any()):
                continue
            best = int(torch.where(ok, box_gap[row], torch.inf).argmin())
            used[best] = True
            paired[row] = True
            box_diff = max(box_diff, float(box_gap[row, best]))
            score_diff = max(score_diff, float(score_gap[row, best]))
    return ImageParity(
        eager=len(eager),
        exported=len(exported),
        matched=int(paired.sum()),
        max_box_diff_px=box_diff,
        max_score_diff=score_diff,
    )


def compare_detections(
    eager: Sequence[Detections],
    exported: Sequence[Detections],
    *,
    max_detections: int,
    box_tolerance_px: float = BOX_TOLERANCE_PX,
    score_tolerance: float = SCORE_TOLERANCE,
) -> ParityReport:
    """Compare per-image detections of the eager detector and of its export."""
    if len(eager) != len(exported):
        raise ArgumentError(
            part="compare_detections",
            argument="exported",
            received=f"{len(exported)} results",
            expected=f"one result per image, as many as eager ({len(eager)})",
            fix="run the exported model on the same images as the eager one",
        )
    images = tuple(
        _compare_image(
            e.to("cpu"),
            x.to("cpu"),
            max_detections=max_detections,
            box_tolerance_px=box_tolerance_px,
            score_tolerance=score_tolerance,
        )
        for e, x in zip(eager, exported, strict=True)
    )
    return ParityReport(
        images=images, box_tolerance_px=box_tolerance_px, score_tolerance=score_tolerance
    )
