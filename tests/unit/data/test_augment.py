"""The v2 augmentation steps with hand-checked values, the builder, and error messages."""

import pytest
import torch

from plugtrain._seed import seed_everything
from plugtrain._tensors import int_list
from plugtrain.builders import build_train_augment, with_mosaic
from plugtrain.config import AugmentConfig
from plugtrain.data import (
    Compose,
    Flips,
    ImageBoxes,
    Mosaic,
    Photometric,
    Sample,
    ScaleJitter,
    WindowCrop,
    crop_with_rules,
    train_transforms,
)
from plugtrain.errors import DataError
from tests.unit.data.conftest import rows


def _sample(height: int = 20, width: int = 40) -> Sample:
    return Sample.of(
        torch.rand(3, height, width),
        torch.tensor([[0.0, 0.0, 10.0, 5.0], [30.0, 10.0, 40.0, 20.0]]),
        torch.tensor([1, 2]),
        num_classes=3,
    )


def test_both_flips_move_boxes_and_the_mapping_takes_them_back() -> None:
    sample = _sample()
    out = Flips(hflip=1.0, vflip=1.0)(sample)
    assert rows(out.targets.boxes) == [[30.0, 15.0, 40.0, 20.0], [0.0, 0.0, 10.0, 10.0]]
    assert torch.equal(out.image, sample.image.flip(1).flip(2))
    assert out.mapping.scale == (-1.0, -1.0)
    assert rows(out.mapping.to_original(out.targets.boxes)) == rows(sample.targets.boxes)


def test_a_crop_clips_boxes_and_drops_those_with_too_little_left() -> None:
    item = ImageBoxes.from_sample(_sample())
    # window x in [5, 35), y in [0, 20): box 0 keeps half its width, box 1 keeps half
    out = crop_with_rules(
        item, top=0, left=5, height=20, width=30, min_visible=0.6, min_box_size=1.0
    )
    assert rows(out.boxes) == []
    out = crop_with_rules(
        item, top=0, left=5, height=20, width=30, min_visible=0.5, min_box_size=1.0
    )
    assert rows(out.boxes) == [[0.0, 0.0, 5.0, 5.0], [25.0, 10.0, 30.0, 20.0]]
    assert int_list(out.labels) == [1, 2]
    assert out.mapping.offset == (-5.0, 0.0)
    # narrower than min_box_size: dropped with its label
    out = crop_with_rules(
        item, top=0, left=8, height=20, width=30, min_visible=0.0, min_box_size=3.0
    )
    assert int_list(out.labels) == [2]


def test_scale_jitter_fits_then_windows_to_the_image_size() -> None:
    seed_everything(0)
    out = ScaleJitter((16, 16), scale=(1.0, 1.0))(_sample(20, 40))
    # fitted: 8 x 16 (height x width), padded to 16 x 16 at a random place
    assert out.image.shape == (3, 16, 16)
    assert out.mapping.scale == pytest.approx((0.4, 0.4))
    assert rows(out.targets.boxes) == rows(out.mapping.to_model(_sample().targets.boxes))


def test_a_thin_image_is_scaled_to_at_least_one_pixel() -> None:
    thin = Sample.of(torch.rand(3, 4, 200), torch.zeros(0, 4), torch.zeros(0).long(), num_classes=1)
    assert ScaleJitter((8, 8), scale=(0.5, 0.5))(thin).image.shape == (3, 8, 8)


def test_an_iou_crop_without_boxes_keeps_the_image() -> None:
    empty = Sample.of(torch.rand(3, 8, 8), torch.zeros(0, 4), torch.zeros(0).long(), num_classes=1)
    out = WindowCrop("iou", p=1.0)(empty)
    assert torch.equal(out.image, empty.image)


def test_photometric_changes_pixels_only() -> None:
    seed_everything(0)
    sample = _sample()
    out = Photometric(p=1.0, brightness=0.5)(sample)
    assert not torch.equal(out.image, sample.image)
    assert torch.equal(out.targets.boxes, sample.targets.boxes)
    assert out.mapping == sample.mapping


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Flips(hflip=1.5), r"Flips hflip needs a probability in \[0, 1\], got 1.5"),
        (lambda: Photometric(hue=0.7), r"Photometric hue must be in \[0, 0.5\], got 0.7"),
        (lambda: ScaleJitter((8, 8), scale=(2.0, 1.0)), r"0 < scale\[0\] <= scale\[1\]"),
        (lambda: ScaleJitter((8, 8), min_visible=2.0), r"min_visible in \[0, 1\], got 2.0"),
        (lambda: WindowCrop("iou", min_iou=(0.5,)), r"needs 1.0 \('leave the image as it is"),
        (lambda: WindowCrop("random", min_scale=0.0), r"0 < min_scale <= max_scale <= 1"),
        (lambda: Mosaic([], center=(0.5, 1.0)), r"0 < center\[0\] <= center\[1\] < 1"),
    ],
)
def test_bad_settings_are_refused_by_name(make: object, message: str) -> None:
    with pytest.raises(DataError, match=message):
        make()  # type: ignore[operator]  # each case is a zero-argument lambda


def test_a_mosaic_of_samples_of_different_sizes_says_why() -> None:
    small = Sample.of(
        torch.rand(3, 16, 16), torch.zeros(0, 4), torch.zeros(0).long(), num_classes=3
    )
    mosaic = Mosaic([_sample(), small], p=1.0)
    with pytest.raises(DataError, match=r"a mosaic needs 4 samples of one size, got 4 of sizes"):
        mosaic.tile([_sample(), small, _sample(), _sample()])


def test_the_builder_splits_the_pipeline_around_the_mosaic() -> None:
    plain = build_train_augment(AugmentConfig(), (32, 32))
    assert plain.after is None
    assert isinstance(plain.per_image, Compose)
    assert [type(t) for t in plain.per_image.transforms] == [ScaleJitter, Flips, Photometric]
    samples = [_sample()] * 2
    assert with_mosaic(samples, AugmentConfig(), plain) is samples

    config = AugmentConfig.model_validate(
        {"mosaic": {"p": 1.0}, "crop": {"type": "random"}, "photometric": None}
    )
    split = build_train_augment(config, (32, 32))
    assert isinstance(split.per_image, Compose)
    assert [type(t) for t in split.per_image.transforms] == [WindowCrop, ScaleJitter]
    assert isinstance(split.after, Compose)
    assert [type(t) for t in split.after.transforms] == [Flips]
    assert isinstance(with_mosaic(samples, config, split), Mosaic)


def test_train_transforms_is_the_default_augment() -> None:
    assert repr(train_transforms((32, 32))) == repr(
        build_train_augment(AugmentConfig(), (32, 32)).per_image
    )
