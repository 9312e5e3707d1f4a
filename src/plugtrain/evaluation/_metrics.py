"""CocoMetrics: the summary figures of one COCO box evaluation."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import ClassVar, Final

from plugtrain.errors import DataError

__all__ = ["UNDEFINED", "CocoMetrics"]

UNDEFINED: Final = -1.0
"""COCO's value for a figure with nothing to average (no ground truth in that bucket)."""

# pycocotools' ``COCOeval.stats`` order for boxes; faster-coco-eval keeps it.
_STATS_FIELDS: Final = (
    "map",
    "map50",
    "map75",
    "map_small",
    "map_medium",
    "map_large",
    "mar_1",
    "mar_10",
    "mar_100",
    "mar_small",
    "mar_medium",
    "mar_large",
)


@dataclass(frozen=True, slots=True)
class CocoMetrics:
    """COCO box metrics, each in ``[0, 1]`` or :data:`UNDEFINED` (``-1.0``).

    ``map`` is AP averaged over IoU 0.50:0.05:0.95, ``map50`` / ``map75`` AP at IoU 0.50 /
    0.75; ``map_small`` / ``map_medium`` / ``map_large`` AP over ground truth of area
    < 32², 32²..96², > 96² pixels; ``mar_1`` / ``mar_10`` / ``mar_100`` recall with at most
    1 / 10 / 100 detections per image and category, ``mar_small`` ... at 100. All with up
    to 100 detections per image and category, exactly as pycocotools computes them.

    A figure is ``-1.0`` (COCO's convention, kept so the figures equal pycocotools' and stay
    valid JSON) when no category has non-crowd ground truth in its bucket: an evaluation
    with no images or no ground truth has every figure at ``-1.0``; one with ground truth
    but no detections has them at ``0.0``. Compare with :attr:`UNDEFINED`, never average
    a ``-1.0`` into anything.

    ``map_per_category`` holds ``(category id, AP 0.50:0.95)`` for every category of the
    ground truth, ``-1.0`` for one without ground truth among the evaluated images.
    ``num_images``, ``num_ground_truth`` (non-crowd boxes) and ``num_detections`` say what
    was evaluated.
    """

    UNDEFINED: ClassVar[float] = UNDEFINED

    map: float
    map50: float
    map75: float
    map_small: float
    map_medium: float
    map_large: float
    mar_1: float
    mar_10: float
    mar_100: float
    mar_small: float
    mar_medium: float
    mar_large: float
    map_per_category: tuple[tuple[int, float], ...] = ()
    num_images: int = 0
    num_ground_truth: int = 0
    num_detections: int = 0

    @classmethod
    def from_stats(
        cls,
        stats: Sequence[float],
        *,
        map_per_category: Sequence[tuple[int, float]] = (),
        num_images: int = 0,
        num_ground_truth: int = 0,
        num_detections: int = 0,
    ) -> "CocoMetrics":
        """Build from the 12 figures of ``COCOeval.stats``, in pycocotools' order."""
        if len(stats) != len(_STATS_FIELDS):
            raise DataError(
                f"COCO box stats have {len(_STATS_FIELDS)} figures (pycocotools' "
                f"COCOeval.stats), got {len(stats)}"
            )
        values = dict(zip(_STATS_FIELDS, (float(v) for v in stats), strict=True))
        return cls(
            **values,
            map_per_category=tuple((int(c), float(ap)) for c, ap in map_per_category),
            num_images=num_images,
            num_ground_truth=num_ground_truth,
            num_detections=num_detections,
        )

    @classmethod
    def undefined(cls, *, map_per_category: Sequence[tuple[int, float]] = ()) -> "CocoMetrics":
        """The metrics of an evaluation with nothing to evaluate: every figure ``-1.0``."""
        return cls.from_stats([UNDEFINED] * len(_STATS_FIELDS), map_per_category=map_per_category)

    def as_tuple(self) -> tuple[float, ...]:
        """The 12 figures in pycocotools' ``COCOeval.stats`` order."""
        return tuple(float(getattr(self, name)) for name in _STATS_FIELDS)

    def as_dict(self) -> dict[str, float]:
        """Flat ``{name: value}`` of the 12 figures and the 3 counts (JSON- and log-ready).

        ``map_per_category`` is left out (it is not a scalar); read it from the field.
        """
        out: dict[str, float] = {name: float(getattr(self, name)) for name in _STATS_FIELDS}
        for item in fields(self):
            if item.name.startswith("num_"):
                out[item.name] = int(getattr(self, item.name))
        return out
