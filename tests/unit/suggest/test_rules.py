"""Each rule of ``plugtrain suggest`` on crafted statistics, and its laws under hypothesis."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugtrain.suggest import (
    MIN_CELLS,
    BoxStats,
    DataProfile,
    choose_batch_size,
    choose_image_size,
    choose_levels,
    choose_lr,
    choose_max_detections,
    choose_schedule,
    data_warnings,
    percentile,
)
from tests.strategies import data_profiles


def _profile(
    sides: list[tuple[float, float]],
    *,
    image: tuple[int, int] = (320, 320),
    classes: tuple[tuple[str, int], ...] = (("a", 50),),
    images: int = 100,
) -> DataProfile:
    """Boxes of (short, long) sides in ``images`` images of ``image`` (height, width)."""
    return DataProfile(
        annotations="crafted.json",
        num_images=images,
        image_sizes=(image,) * images,
        boxes=BoxStats(
            short=tuple(s for s, _ in sides),
            long=tuple(long for _, long in sides),
            aspect=tuple(1.0 for _ in sides),
            image=(image,) * len(sides),
        ),
        class_boxes=classes,
        objects_per_image=(len(sides) // images or 1,) * images,
    )


def test_percentile_interpolates_like_numpy() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([10.0], 5) == 10.0
    assert percentile([0.0, 100.0], 5) == 5.0
    assert math.isnan(percentile([], 5))


def test_the_smallest_objects_set_the_image_size() -> None:
    # 10 px objects in 320 px images: one stride of P3 (8 px) needs 320 * 8 / 10 = 256
    choice = choose_image_size(_profile([(10.0, 10.0)] * 20))
    assert choice.image_size == (256, 256)
    assert choice.finest_level == 3
    assert choice.warnings == ()
    assert "5th percentile of the boxes' short side is 10.0 px" in choice.reason
    assert "at 256x256 it is 8.0 px, at least 1 x the stride of P3 (8 px)" in choice.reason


def test_large_objects_shrink_the_input_to_the_minimum_side() -> None:
    choice = choose_image_size(_profile([(150.0, 200.0)] * 20))
    assert choice.image_size == (128, 128)


def test_small_objects_move_to_p2_before_upscaling_beyond_twice() -> None:
    # 3 px objects in 320 px images: P3 needs 320 * 8 / 3 = 853 px > 2 x 320 = 640
    choice = choose_image_size(_profile([(3.0, 4.0)] * 20))
    assert choice.finest_level == 2
    assert choice.image_size == (448, 448)  # 320 * 4 / 3 = 427 -> 448
    assert choice.warnings == ()


def test_objects_too_small_for_any_stride_are_warned_about() -> None:
    choice = choose_image_size(_profile([(1.0, 2.0)] * 20))
    assert choice.finest_level == 2
    assert choice.image_size == (640, 640)
    assert choice.warnings == (
        "objects smaller than any stride: even at 640x640 (the largest input, 2x the images "
        "or 1024 px) the 5th percentile of the boxes' short side is 2.0 px, less than the "
        "finest stride (4 px): no feature-map point may fall inside those boxes and they "
        "will be missed; crop the images into tiles, or enlarge them yourself "
        "(data.image_size)",
    )


def test_wide_images_get_a_wide_input() -> None:
    choice = choose_image_size(_profile([(12.0, 20.0)] * 20, image=(240, 480)))
    height, width = choice.image_size
    assert width > height
    assert width % 32 == 0
    assert height % 32 == 0
    assert "aspect ratio (width / height) 2.00" in choice.reason


@settings(max_examples=60, deadline=None)
@given(data_profiles())
def test_image_size_laws(profile: DataProfile) -> None:
    choice = choose_image_size(profile)
    height, width = choice.image_size
    assert height % 32 == 0
    assert width % 32 == 0
    assert max(height, width) <= 1024
    assert choice.finest_level in (2, 3)
    small = percentile(profile.resized_short_sides(choice.image_size), 5)
    if not choice.warnings:  # the promise of the rule: the smallest objects fit
        assert small >= MIN_CELLS * 2**choice.finest_level - 1e-6
    else:
        assert small < MIN_CELLS * 4


@settings(max_examples=40, deadline=None)
@given(data_profiles(), st.floats(1.1, 3.0))
def test_smaller_objects_never_get_a_smaller_input(profile: DataProfile, factor: float) -> None:
    boxes = profile.boxes
    shrunk = DataProfile(
        annotations=profile.annotations,
        num_images=profile.num_images,
        image_sizes=profile.image_sizes,
        boxes=BoxStats(
            short=tuple(s / factor for s in boxes.short),
            long=tuple(s / factor for s in boxes.long),
            aspect=boxes.aspect,
            image=boxes.image,
        ),
        class_boxes=profile.class_boxes,
        objects_per_image=profile.objects_per_image,
    )
    before, after = choose_image_size(profile), choose_image_size(shrunk)
    assert after.finest_level <= before.finest_level
    if after.finest_level == before.finest_level:
        assert max(after.image_size) >= max(before.image_size)


def test_levels_stop_at_p5_for_small_objects_and_split_the_boxes() -> None:
    profile = _profile([(10.0, 10.0)] * 10 + [(150.0, 200.0)] * 10)
    size = choose_image_size(profile)
    assert size.image_size == (256, 256)
    levels = choose_levels(profile, size)
    assert levels.backbone_levels == (3, 4, 5)
    assert levels.neck_levels == (3, 4, 5)
    assert levels.anchor_sizes == (8, 16, 32)
    assert "no P6/P7" in levels.reason
    # at 256 px the large boxes' long side is 160 px: P4's range (128, 256]
    assert "the boxes split P3 50 %, P4 50 %, P5 0 %" in levels.anchor_reason


def test_very_large_objects_add_p6_and_p7() -> None:
    # 12 px objects need 1024 * 8 / 12 = 683 -> 704 px; there the large ones are 618 px
    profile = _profile([(12.0, 15.0)] * 10 + [(800.0, 900.0)] * 10, image=(1024, 1024))
    size = choose_image_size(profile)
    assert size.image_size == (704, 704)
    levels = choose_levels(profile, size)
    assert levels.neck_levels[-2:] == (6, 7)
    assert levels.anchor_sizes == tuple(2**k for k in levels.neck_levels)
    assert "P6/P7 added" in levels.reason


@settings(max_examples=40, deadline=None)
@given(data_profiles(max_side=600.0, image_sides=(320, 640, 1024)))
def test_levels_are_consecutive_and_each_box_has_one(profile: DataProfile) -> None:
    levels = choose_levels(profile, choose_image_size(profile))
    neck = levels.neck_levels
    assert list(neck) == list(range(neck[0], neck[-1] + 1))
    assert neck[-1] in (5, 7)
    assert levels.backbone_levels == tuple(range(neck[0], 6))
    shares = [float(part.split()[1]) for part in levels.anchor_reason.split("split ")[1].split(",")]
    assert sum(shares) == pytest.approx(100, abs=len(shares))


def test_the_batch_is_capped_by_memory_the_device_and_the_epoch() -> None:
    roomy = choose_batch_size(
        mib_per_image=10, available_mib=100_000, device="cpu", train_images=1000
    )
    assert roomy.batch_size == 4
    assert "at most 4 on cpu" in roomy.reason
    gpu = choose_batch_size(
        mib_per_image=10, available_mib=100_000, device="cuda:0", train_images=1000
    )
    assert gpu.batch_size == 32
    tight = choose_batch_size(
        mib_per_image=100, available_mib=1000, device="cuda", train_images=1000
    )
    assert tight.batch_size == 2  # 50 % of 1000 MiB / (2 x 100 MiB)
    few = choose_batch_size(mib_per_image=1, available_mib=100_000, device="cpu", train_images=30)
    assert few.batch_size == 3
    assert few.warnings == ()


def test_an_image_that_does_not_fit_is_warned_about() -> None:
    choice = choose_batch_size(mib_per_image=800, available_mib=1000, device="cpu", train_images=99)
    assert choice.batch_size == 1
    assert choice.warnings == (
        "one image needs about 1600 MiB of activations in training, more than 50% of the "
        "1000 MiB available: training may run out of memory; lower data.image_size",
    )


@given(st.integers(1, 256))
def test_lr_scales_with_the_square_root_of_the_batch(batch: int) -> None:
    lr, reason = choose_lr(batch)
    assert lr == pytest.approx(0.002 * math.sqrt(batch / 16), rel=1e-3)
    assert f"sqrt({batch}/16)" in reason


def test_epochs_fill_the_budget_after_the_evaluations() -> None:
    # 10 min: 15 % (90 s) holds 9 evaluations of 10 s; 90 % (540 s) - 90 s = 450 s of
    # training at 10 s per epoch = 45 epochs, evaluated every 5
    choice = choose_schedule(
        budget_seconds=600, step_seconds=1.0, eval_seconds=10.0, steps_per_epoch=10
    )
    assert (choice.epochs, choice.interval_epochs) == (45, 5)
    assert choice.warmup_steps == 45
    assert choice.warnings == ()
    assert "10.0 s per epoch (10 steps x 1.000 s measured): 45 epoch(s)" in choice.reason


def test_a_budget_too_short_to_converge_is_warned_about() -> None:
    choice = choose_schedule(
        budget_seconds=60, step_seconds=2.0, eval_seconds=5.0, steps_per_epoch=20
    )
    assert choice.epochs == 1
    assert choice.warnings == (
        "the time budget (1 min) fits 1 epoch(s) at the measured 40.0 s per epoch: too short "
        "to converge; raise --time-budget or lower data.image_size",
    )


@settings(max_examples=60, deadline=None)
@given(
    st.floats(60, 7200),
    st.floats(0.01, 5.0),
    st.floats(0.0, 60.0),
    st.integers(1, 500),
)
def test_schedule_laws(budget: float, step: float, evaluation: float, per_epoch: int) -> None:
    choice = choose_schedule(
        budget_seconds=budget, step_seconds=step, eval_seconds=evaluation, steps_per_epoch=per_epoch
    )
    assert 1 <= choice.epochs <= 300
    assert choice.interval_epochs >= 1
    assert 0 <= choice.warmup_steps < max(2, choice.epochs * per_epoch)
    if choice.epochs > 1 and choice.epochs < 300:  # then the training fits the budget
        assert choice.epochs * per_epoch * step <= 0.9 * budget


def test_max_detections_follow_the_busiest_image() -> None:
    assert choose_max_detections(_profile([(20.0, 20.0)] * 30, images=1))[0] == 100
    crowded = _profile([(20.0, 20.0)] * 300, images=1)
    chosen, reason = choose_max_detections(crowded)
    assert chosen == 600
    assert "the most objects in one training image is 300" in reason


def test_classes_with_few_examples_and_tiny_sets_are_warned_about() -> None:
    profile = _profile(
        [(20.0, 20.0)] * 10, classes=(("cat", 40), ("dog", 3), ("emu", 0)), images=12
    )
    found = data_warnings(profile)
    assert found[0] == (
        "class 'dog' has 3 example(s) in the training set (fewer than 5): the detector cannot "
        "learn it from so few; add examples, merge it into a similar class, or drop it"
    )
    assert found[1].startswith("class 'emu' has 0 example(s)")
    assert found[2] == (
        "tiny data set: 12 training images (fewer than 50): the model will overfit and the "
        "validation figures will be noisy; add images"
    )
    assert data_warnings(_profile([(20.0, 20.0)] * 10)) == ()


def test_without_a_memory_estimate_only_the_caps_apply() -> None:
    choice = choose_batch_size(
        mib_per_image=math.nan, available_mib=1000, device="cpu", train_images=1000
    )
    assert choice.batch_size == 4


def test_mixed_shapes_are_measured_not_extrapolated() -> None:
    # Wide, tall and square images letterboxed into one square input scale differently: the
    # linear estimate from the median size said 416 px fits P2; measured, the 5th
    # percentile is 3.9 px there, so the rule must warn instead of promising a fit.
    images = ((96, 96), (96, 320), (320, 96), (96, 96), (96, 96), (96, 320))
    sides = (2.0, 6.0, 6.0, 2.0, 2.0, 2.0)
    profile = DataProfile(
        annotations="drawn.json",
        num_images=6,
        image_sizes=images,
        boxes=BoxStats(short=sides, long=sides, aspect=(1.0,) * 6, image=images),
        class_boxes=(("class0", 6),),
        objects_per_image=(1,) * 6,
    )
    choice = choose_image_size(profile)
    assert choice.image_size == (416, 416)
    assert len(choice.warnings) == 1
    assert "objects smaller than any stride: even at 416x416" in choice.warnings[0]
    assert "short side is 3.9 px" in choice.warnings[0]
