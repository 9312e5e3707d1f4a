"""The rules of ``plugtrain suggest``: each one a pure function of the data's statistics
(or of a measurement) that returns its choice and the reason, with the numbers.

One rule per choice; ``docs/suggest.md`` states each with its reason. Torch-free.
"""

import math
from dataclasses import dataclass
from statistics import median
from typing import Final

from plugtrain.suggest._profile import DataProfile, percentile

__all__ = [
    "MIN_CELLS",
    "BatchChoice",
    "LevelChoice",
    "ScheduleChoice",
    "SizeChoice",
    "choose_batch_size",
    "choose_image_size",
    "choose_levels",
    "choose_lr",
    "choose_max_detections",
    "choose_schedule",
    "data_warnings",
]

MIN_CELLS: Final = 1.0
"""The smallest objects (5th percentile of the short box side) should span this many cells
of the finest level: an FCOS point is a positive only inside its box, so a box one stride
wide holds one. More would make the input (and every step) larger for the smallest 5 %
of the objects; on a time budget the steps matter more."""
SMALL_PERCENTILE: Final = 5.0
LARGE_PERCENTILE: Final = 99.0
MIN_SIDE: Final = 128
"""Below this the deepest level (stride 32) is a 4 x 4 map: too little context."""
MAX_SIDE: Final = 1024
"""Activations (and CPU time) grow with the area: more than this is for a GPU and a choice
to make on purpose."""
MAX_UPSCALE: Final = 2.0
"""Enlarging images beyond twice their size adds pixels, not detail."""
SQUARE_WITHIN: Final = 1.25
"""A median aspect ratio (width / height) within [1/1.25, 1.25] gets square inputs."""
P6_FROM: Final = 512
"""FCOS gives level k the boxes whose long side is in (8, 16) x its anchor size: P5 (32 px)
covers up to 512 px, so P6/P7 only pay for themselves above that."""
MIN_EXAMPLES: Final = 5
TINY_SET: Final = 50
MEMORY_SHARE: Final = 0.5
BACKWARD_FACTOR: Final = 2.0
"""The saved-tensor estimate is the forward's share; the backward's gradients of the
activations about double it at the peak."""
BATCH_CAP: Final = {"cpu": 4, "cuda": 32}
"""On a CPU the time per image hardly changes with the batch, so a smaller batch makes
more optimiser steps per minute; on a GPU a larger batch keeps it busy. 4 on a CPU:
measured on the hard synthetic set, batch 4 learnt more per epoch than 8 (both seeds
tried) at about the same time per epoch, and batch 2 no more than 4 at a longer one."""
MIN_STEPS_PER_EPOCH: Final = 10
BASE_LR: Final = 0.002
BASE_BATCH: Final = 16
EVAL_SHARE: Final = 0.15
USABLE_SHARE: Final = 0.9
"""Of the time budget: start-up, checkpoints and the final plots take the rest."""
MAX_SUGGESTED_EPOCHS: Final = 300
MIN_USEFUL_EPOCHS: Final = 3


def _round_up(value: float, multiple: int = 32) -> int:
    return max(multiple, math.ceil(value / multiple) * multiple)


@dataclass(frozen=True, slots=True)
class SizeChoice:
    """``image_size`` (height, width), the finest level it was sized for, and why."""

    image_size: tuple[int, int]
    finest_level: int
    reason: str
    warnings: tuple[str, ...] = ()


def _shape(long_side: int, aspect: float) -> tuple[int, int]:
    """(height, width) with ``long_side`` on the longer side of ``aspect`` = width / height."""
    if 1 / SQUARE_WITHIN <= aspect <= SQUARE_WITHIN:
        return (long_side, long_side)
    if aspect > 1:
        return (_round_up(long_side / aspect), long_side)
    return (long_side, _round_up(long_side * aspect))


def _first_fitting_size(
    profile: DataProfile, *, aspect: float, start: int, largest: int, needed_px: float
) -> tuple[tuple[int, int], float] | None:
    """The first input size from ``start`` up to ``largest`` (steps of 32 px) at which the
    5th percentile of the boxes' short side reaches ``needed_px``, with that percentile.

    The linear estimate of ``start`` is exact for one image shape; with several shapes
    letterboxed into one input each image scales differently, so each side is measured."""
    for side in range(start, largest + 1, 32):
        size = _shape(side, aspect)
        after = percentile(profile.resized_short_sides(size), SMALL_PERCENTILE)
        if after >= needed_px - 1e-9:
            return size, after
    return None


def choose_image_size(profile: DataProfile) -> SizeChoice:
    """The smallest input whose smallest objects span :data:`MIN_CELLS` strides of the finest
    level (P3, stride 8; P2, stride 4 when P3 would need more than :data:`MAX_UPSCALE` x
    the images' size), within [:data:`MIN_SIDE`, :data:`MAX_SIDE`]."""
    aspect = median(w / h for h, w in profile.image_sizes)
    native = median(max(h, w) for h, w in profile.image_sizes)
    largest = min(MAX_SIDE, _round_up(MAX_UPSCALE * native))
    at_native = _round_up(native)
    small = percentile(profile.resized_short_sides(_shape(at_native, aspect)), SMALL_PERCENTILE)
    square = _shape(at_native, aspect)[0] == _shape(at_native, aspect)[1]
    shape_text = (
        f"square (median aspect ratio width / height {aspect:.2f})"
        if square
        else f"the median aspect ratio (width / height) {aspect:.2f}"
    )
    for level in (3, 2):
        stride = 2**level
        needed = native * MIN_CELLS * stride / small
        fit = _first_fitting_size(
            profile,
            aspect=aspect,
            start=min(largest, max(MIN_SIDE, _round_up(needed))),
            largest=largest,
            needed_px=MIN_CELLS * stride,
        )
        if fit is not None:
            size, after = fit
            return SizeChoice(
                image_size=size,
                finest_level=level,
                reason=f"the 5th percentile of the boxes' short side is {small:.1f} px at the "
                f"images' median size ({native:g} px long side); at {size[0]}x{size[1]} it "
                f"is {after:.1f} px, at least {MIN_CELLS:g} x the stride of P{level} "
                f"({stride} px); shape: {shape_text}; sides rounded up to a multiple of 32, "
                f"within [{MIN_SIDE}, {largest}]",
            )
    size = _shape(largest, aspect)
    after = percentile(profile.resized_short_sides(size), SMALL_PERCENTILE)
    warning = (
        f"objects smaller than any stride: even at {size[0]}x{size[1]} (the largest input, "
        f"{MAX_UPSCALE:g}x the images or {MAX_SIDE} px) the 5th percentile of the boxes' "
        f"short side is {after:.1f} px, less than the finest stride (4 px): no feature-map "
        f"point may fall inside those boxes and they will be missed; crop the images into "
        f"tiles, or enlarge them yourself (data.image_size)"
        if after < 4
        else f"objects too small for every setting: even at {size[0]}x{size[1]} (the largest "
        f"input) the 5th percentile of the boxes' short side is {after:.1f} px, below "
        f"{MIN_CELLS:g} x the finest stride (4 px); crop the images into tiles, or enlarge "
        f"them yourself (data.image_size)"
    )
    return SizeChoice(
        image_size=size,
        finest_level=2,
        reason=f"the 5th percentile of the boxes' short side is {small:.1f} px at the "
        f"images' median size; no input up to {largest} px makes it {MIN_CELLS:g} x the "
        f"stride of P2, so the largest ({size[0]}x{size[1]}) with P2 (stride 4)",
        warnings=(warning,),
    )


@dataclass(frozen=True, slots=True)
class LevelChoice:
    """Backbone and neck levels and the FCOS anchor sizes (one per neck level)."""

    backbone_levels: tuple[int, ...]
    neck_levels: tuple[int, ...]
    anchor_sizes: tuple[int, ...]
    reason: str
    anchor_reason: str


def _level_of(long_side: float, levels: tuple[int, ...]) -> int:
    """The level FCOS assigns a box of ``long_side`` px (anchor size = stride): level k
    takes long sides in (8, 16] x 2**k; the first has no lower bound, the last no upper."""
    for level in levels[:-1]:
        if long_side <= 16 * 2**level:
            return level
    return levels[-1]


def choose_levels(profile: DataProfile, size: SizeChoice) -> LevelChoice:
    """Levels from the finest that the image size was chosen for up to P5 (the backbone's
    deepest: the FPN's top-down path carries its context to the finer levels), plus P6/P7
    when the largest boxes (99th percentile of the long side) exceed :data:`P6_FROM`."""
    long_sides = profile.resized_long_sides(size.image_size)
    large = percentile(long_sides, LARGE_PERCENTILE)
    backbone = tuple(range(size.finest_level, 6))
    neck = backbone + ((6, 7) if large > P6_FROM else ())
    counts = dict.fromkeys(neck, 0)
    for side in long_sides:
        counts[_level_of(side, neck)] += 1
    spread = ", ".join(
        f"P{level} {100 * count / len(long_sides):.0f} %" for level, count in counts.items()
    )
    extra = (
        f"P6/P7 added: the 99th percentile of the long side is {large:.0f} px > {P6_FROM}"
        if large > P6_FROM
        else f"no P6/P7: the 99th percentile of the long side is {large:.0f} px <= {P6_FROM}"
    )
    return LevelChoice(
        backbone_levels=backbone,
        neck_levels=neck,
        anchor_sizes=tuple(2**level for level in neck),
        reason=f"P{size.finest_level} (the image-size rule) up to P5; {extra}",
        anchor_reason=f"anchor size = stride: level k takes boxes whose long side is in "
        f"(8, 16] x its anchor size; the boxes split {spread}",
    )


@dataclass(frozen=True, slots=True)
class BatchChoice:
    batch_size: int
    reason: str
    warnings: tuple[str, ...] = ()


def choose_batch_size(
    *, mib_per_image: float, available_mib: float, device: str, train_images: int
) -> BatchChoice:
    """As many images as fit in :data:`MEMORY_SHARE` of the memory (the dry run's peak
    activation estimate x :data:`BACKWARD_FACTOR` each), at most the device's cap and at most
    the training images / :data:`MIN_STEPS_PER_EPOCH`, at least 1."""
    need = max(mib_per_image * BACKWARD_FACTOR, 1e-3)
    # no estimate (a model whose dry run does not measure it): only the caps apply
    fits = (
        math.floor(MEMORY_SHARE * available_mib / need)
        if math.isfinite(need)
        else BATCH_CAP["cuda"]
    )
    cap = BATCH_CAP["cuda" if device.startswith("cuda") else "cpu"]
    per_epoch = max(1, train_images // MIN_STEPS_PER_EPOCH)
    batch = max(1, min(fits, cap, per_epoch))
    warnings: tuple[str, ...] = ()
    if fits < 1:
        warnings = (
            f"one image needs about {need:.0f} MiB of activations in training, more than "
            f"{MEMORY_SHARE:.0%} of the {available_mib:.0f} MiB available: training may run "
            f"out of memory; lower data.image_size",
        )
    return BatchChoice(
        batch_size=batch,
        reason=f"{mib_per_image:.1f} MiB of activations per image (validate's estimate) x "
        f"{BACKWARD_FACTOR:g} for the backward: {max(fits, 0)} fit in {MEMORY_SHARE:.0%} of "
        f"{available_mib:.0f} MiB; at most {cap} on {device.split(':')[0]}; at most "
        f"{per_epoch} for {MIN_STEPS_PER_EPOCH} steps per epoch over {train_images} images",
        warnings=warnings,
    )


def choose_lr(batch_size: int) -> tuple[float, str]:
    """AdamW at the default config's 0.002 for 16 images, scaled by the square root of the
    batch ratio (Adam's noise scales so; a linear rule overshoots at small batches)."""
    lr = round(BASE_LR * math.sqrt(batch_size / BASE_BATCH), 6)
    return lr, (
        f"AdamW {BASE_LR:g} at batch {BASE_BATCH} (the default config's), x sqrt({batch_size}"
        f"/{BASE_BATCH}) for batch {batch_size}"
    )


@dataclass(frozen=True, slots=True)
class ScheduleChoice:
    epochs: int
    interval_epochs: int
    warmup_steps: int
    reason: str
    eval_reason: str
    warnings: tuple[str, ...] = ()


def choose_schedule(
    *,
    budget_seconds: float,
    step_seconds: float,
    eval_seconds: float,
    steps_per_epoch: int,
) -> ScheduleChoice:
    """Epochs that fill :data:`USABLE_SHARE` of the budget at the measured step time,
    evaluations every ``interval_epochs`` so that they take at most :data:`EVAL_SHARE` of
    it (the last epoch is always evaluated), and a warmup of a tenth of the run, at most
    50 steps."""
    epoch_seconds = steps_per_epoch * step_seconds
    usable = USABLE_SHARE * budget_seconds
    evaluations = max(1, math.floor(EVAL_SHARE * budget_seconds / max(eval_seconds, 1e-6)))
    fit = math.floor((usable - evaluations * eval_seconds) / epoch_seconds)
    epochs = max(1, min(MAX_SUGGESTED_EPOCHS, fit))
    interval = max(1, round(epochs / evaluations))
    total = epochs * steps_per_epoch
    warmup = min(50, total // 10)
    warnings: tuple[str, ...] = ()
    if epochs < MIN_USEFUL_EPOCHS:
        warnings = (
            f"the time budget ({budget_seconds / 60:g} min) fits {epochs} epoch(s) at the "
            f"measured {epoch_seconds:.1f} s per epoch: too short to converge; raise "
            f"--time-budget or lower data.image_size",
        )
    return ScheduleChoice(
        epochs=epochs,
        interval_epochs=interval,
        warmup_steps=warmup,
        reason=f"{epoch_seconds:.1f} s per epoch ({steps_per_epoch} steps x {step_seconds:.3f} s "
        f"measured): {epochs} epoch(s) fill {USABLE_SHARE:.0%} of the {budget_seconds / 60:g} "
        f"min budget after the evaluations (at most {MAX_SUGGESTED_EPOCHS})",
        eval_reason=f"one evaluation takes about {eval_seconds:.1f} s (measured): every "
        f"{interval} epoch(s) keeps them within {EVAL_SHARE:.0%} of the budget",
        warnings=warnings,
    )


def choose_max_detections(profile: DataProfile) -> tuple[int, str]:
    """At least 100 (COCO's), else twice the most objects in one training image."""
    most = max(profile.objects_per_image, default=0)
    chosen = max(100, 2 * most)
    return chosen, f"the most objects in one training image is {most}; at least 100 (COCO's)"


def data_warnings(profile: DataProfile) -> tuple[str, ...]:
    """What no setting fixes: classes with fewer than :data:`MIN_EXAMPLES` boxes, a training
    set of fewer than :data:`TINY_SET` images."""
    found: list[str] = []
    for name, count in profile.class_boxes:
        if count < MIN_EXAMPLES:
            found.append(
                f"class {name!r} has {count} example(s) in the training set (fewer than "
                f"{MIN_EXAMPLES}): the detector cannot learn it from so few; add examples, "
                f"merge it into a similar class, or drop it"
            )
    if profile.num_images < TINY_SET:
        found.append(
            f"tiny data set: {profile.num_images} training images (fewer than {TINY_SET}): "
            f"the model will overfit and the validation figures will be noisy; add images"
        )
    return tuple(found)
