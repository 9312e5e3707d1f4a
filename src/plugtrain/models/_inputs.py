"""The inputs and settings detectors share: image normalisation values, counts, fractions,
and the check of training targets against the images they belong to."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, cast

from torch import nn

from plugtrain.components._arguments import invalid_argument
from plugtrain.errors import DataError
from plugtrain.ops import PreparedImages
from plugtrain.specs import is_count
from plugtrain.structures import Targets

__all__ = [
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "DetectorSettings",
    "check_targets",
    "fraction",
    "part_name",
    "positive_int",
    "triple",
]

IMAGENET_MEAN: Final = (0.485, 0.456, 0.406)
IMAGENET_STD: Final = (0.229, 0.224, 0.225)


def positive_int(name: str, value: object, example: str) -> int:
    if not is_count(value) or not isinstance(value, int):
        raise invalid_argument(
            "Detector", name, received=value, expected="a positive int", fix=f"pass {example}"
        )
    return value


def fraction(name: str, value: object, *, upper_open: bool, example: str) -> float:
    valid = isinstance(value, (int, float)) and not isinstance(value, bool)
    number = float(value) if isinstance(value, (int, float)) else math.nan
    inside = 0.0 <= number < 1.0 if upper_open else 0.0 <= number <= 1.0
    if not valid or not inside:
        interval = "[0, 1)" if upper_open else "[0, 1]"
        raise invalid_argument(
            "Detector", name, received=value, expected=f"a number in {interval}", fix=example
        )
    return number


def _is_number(value: object, *, positive: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value > 0 or not positive


def triple(name: str, values: Sequence[float], *, positive: bool) -> tuple[float, float, float]:
    numbers = tuple(values)
    if len(numbers) != 3 or not all(_is_number(v, positive=positive) for v in numbers):
        raise invalid_argument(
            "Detector",
            name,
            received=numbers,
            expected=f"3 {'positive ' if positive else ''}numbers, one per RGB channel",
            fix=f"pass the ImageNet values {IMAGENET_STD if positive else IMAGENET_MEAN}",
        )
    return (float(numbers[0]), float(numbers[1]), float(numbers[2]))


@dataclass(frozen=True, slots=True)
class DetectorSettings:
    """The pre- and postprocessing settings every detector takes, checked once
    (``DetectorSettings.of``): normalisation, resize and padding, score and NMS
    thresholds, detections kept per image."""

    image_mean: tuple[float, float, float]
    image_std: tuple[float, float, float]
    size_divisible: int
    min_size: int | None
    max_size: int | None
    score_threshold: float
    nms_iou_threshold: float
    max_detections: int

    @classmethod
    def of(
        cls,
        part: str,
        *,
        image_mean: Sequence[float],
        image_std: Sequence[float],
        size_divisible: int,
        min_size: int | None,
        max_size: int | None,
        score_threshold: float,
        nms_iou_threshold: float,
        max_detections: int,
    ) -> "DetectorSettings":
        """The settings of detector class ``part``, or ``ArgumentError`` naming the bad one."""
        if (min_size is None) != (max_size is None):
            raise invalid_argument(
                part,
                "min_size" if min_size is None else "max_size",
                received=None,
                expected="min_size and max_size both given (resize) or both None (no resize)",
                fix="pass both, e.g. min_size=800, max_size=1333, or neither",
            )
        return cls(
            image_mean=triple("image_mean", image_mean, positive=False),
            image_std=triple("image_std", image_std, positive=True),
            size_divisible=positive_int("size_divisible", size_divisible, "32"),
            min_size=None if min_size is None else positive_int("min_size", min_size, "800"),
            max_size=None if max_size is None else positive_int("max_size", max_size, "1333"),
            score_threshold=fraction(
                "score_threshold", score_threshold, upper_open=True, example="pass 0.05"
            ),
            nms_iou_threshold=fraction(
                "nms_iou_threshold", nms_iou_threshold, upper_open=False, example="pass 0.5"
            ),
            max_detections=positive_int("max_detections", max_detections, "100"),
        )


def part_name(role: str, part: nn.Module) -> str:
    return f"{role} ({type(part).__name__})"


def check_targets(
    prepared: PreparedImages, targets: object, *, num_classes: int
) -> Sequence[Targets]:
    """The ``targets`` of ``prepared``'s images, checked: one ``Targets`` per image, built
    for ``num_classes`` and for the size of its image; ``DataError`` otherwise."""
    count = len(prepared.original_sizes)
    if isinstance(targets, (str, bytes)) or not isinstance(targets, Sequence):
        raise DataError(
            f"targets must be a list of Targets, one per image; got {type(targets).__name__}"
        )
    items = list(cast(Sequence[object], targets))
    if len(items) != count:
        raise DataError(
            f"got {count} image{'s' if count != 1 else ''} but {len(items)} targets; "
            "pass one Targets per image, in the same order (Targets with no boxes for an "
            "image without objects)"
        )
    checked_targets: list[Targets] = []
    for index, (target, size) in enumerate(zip(items, prepared.original_sizes, strict=True)):
        if not isinstance(target, Targets):
            raise DataError(
                f"targets[{index}] is a {type(target).__name__}, not Targets; build "
                "Targets(boxes=..., labels=..., image_size=(height, width), num_classes=...) "
                "with 0-based labels",
                record_id=index,
            )
        if target.num_classes != num_classes:
            raise DataError(
                f"image {index}: targets were validated for num_classes="
                f"{target.num_classes}, the detector has {num_classes}; build Targets "
                f"with num_classes={num_classes}",
                record_id=index,
            )
        if tuple(target.image_size) != size:
            raise DataError(
                f"image {index}: targets[{index}].image_size is {tuple(target.image_size)} "
                f"(height, width) but the image is {size[0]}x{size[1]}; boxes must be in "
                "the pixels of the image passed with them",
                record_id=index,
            )
        checked_targets.append(target)
    return checked_targets
