"""Transforms and the functional ops with hand-checked values and error messages."""

import pytest
import torch

from plugtrain._seed import seed_everything
from plugtrain.data import (
    BoxMapping,
    ColorJitter,
    Compose,
    HorizontalFlip,
    Letterbox,
    RandomScale,
    Resize,
    Sample,
    crop,
    eval_transforms,
    hflip,
    letterbox,
    pad_to,
    train_transforms,
)
from plugtrain.errors import DataError, ShapeError
from tests.unit.data.conftest import rows


def _sample(height: int = 20, width: int = 40) -> Sample:
    return Sample.of(
        torch.rand(3, height, width),
        torch.tensor([[0.0, 0.0, 10.0, 5.0], [30.0, 10.0, 40.0, 20.0]]),
        torch.tensor([0, 1]),
        num_classes=2,
        image_id=7,
        file_name="a.png",
    )


def test_hflip_moves_boxes_to_the_mirrored_place() -> None:
    image = torch.arange(12, dtype=torch.float32).reshape(1, 3, 4).expand(3, 3, 4)
    _, boxes = hflip(image, torch.tensor([[0.0, 0.0, 1.0, 3.0]]))
    assert rows(boxes) == [[3.0, 0.0, 4.0, 3.0]]


def test_letterbox_keeps_aspect_and_pads_bottom_right() -> None:
    out = Letterbox((40, 40))(_sample())

    assert out.image.shape == (3, 40, 40)
    assert rows(out.targets.boxes) == [[0.0, 0.0, 10.0, 5.0], [30.0, 10.0, 40.0, 20.0]]
    assert float(out.image[:, 20:, :].abs().sum()) == 0.0  # padding
    assert out.mapping == BoxMapping(original_size=(20, 40), scale=(1.0, 1.0))

    half = Letterbox((10, 40))(_sample())
    assert rows(half.targets.boxes) == [[0.0, 0.0, 5.0, 2.5], [15.0, 5.0, 20.0, 10.0]]
    assert half.image.shape == (3, 10, 40)


def test_resize_stretches_to_the_exact_size() -> None:
    out = Resize((40, 20))(_sample())

    assert out.image.shape == (3, 40, 20)
    assert rows(out.targets.boxes) == [[0.0, 0.0, 5.0, 10.0], [15.0, 20.0, 20.0, 40.0]]
    assert out.mapping.scale == (0.5, 2.0)


def test_flip_mapping_inverts() -> None:
    out = HorizontalFlip(p=1.0)(_sample())

    assert rows(out.targets.boxes) == [[30.0, 0.0, 40.0, 5.0], [0.0, 10.0, 10.0, 20.0]]
    assert rows(out.mapping.to_original(out.targets.boxes)) == rows(_sample().targets.boxes)


def test_random_scale_crops_and_drops_boxes_that_leave() -> None:
    seed_everything(3)
    transform = RandomScale((20, 40), scale=(2.0, 2.0), min_box_size=2.0)

    out = transform(_sample())

    assert out.image.shape == (3, 20, 40)
    back = out.mapping.to_original(out.targets.boxes)
    for box, label in zip(back, out.targets.labels, strict=True):
        original = _sample().targets.boxes[int(label)]
        # a kept box maps back inside its original box (it may have been clipped)
        assert bool(
            (box[:2] >= original[:2] - 1e-4).all() and (box[2:] <= original[2:] + 1e-4).all()
        )


def test_color_jitter_leaves_boxes_and_range() -> None:
    seed_everything(0)
    sample = _sample()
    out = ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.2, p=1.0)(sample)

    assert torch.equal(out.targets.boxes, sample.targets.boxes)
    assert not torch.equal(out.image, sample.image)
    assert float(out.image.min()) >= 0.0
    assert float(out.image.max()) <= 1.0


def test_uint8_and_float_paths_agree_for_geometry() -> None:
    sample = _sample()
    as_uint8 = (sample.image * 255).round().to(torch.uint8)
    image, boxes = letterbox(as_uint8, sample.targets.boxes, (30, 30), fill=0.5)
    assert image.dtype == torch.uint8
    assert image.shape == (3, 30, 30)
    assert int(image[0, 29, 0]) == 128  # fill 0.5 -> 127.5 rounds to 128
    _, float_boxes = letterbox(sample.image, sample.targets.boxes, (30, 30))
    assert torch.equal(boxes, float_boxes)


def test_default_pipelines_make_the_requested_size() -> None:
    seed_everything(0)
    assert train_transforms((32, 48))(_sample()).image.shape == (3, 32, 48)
    assert eval_transforms((32, 48))(_sample()).image.shape == (3, 32, 48)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(DataError, match=r"Resize needs image_size as \(height, width\) positive"):
        Resize((0, 10))
    with pytest.raises(DataError, match=r"Letterbox needs image_size .* got \[32\]"):
        Letterbox([32])  # type: ignore[arg-type]  # testing the runtime check
    with pytest.raises(DataError, match=r"HorizontalFlip needs a probability p in \[0, 1\], got 2"):
        HorizontalFlip(p=2)
    with pytest.raises(DataError, match="ColorJitter hue must be in"):
        ColorJitter(hue=0.7)
    with pytest.raises(DataError, match=r"RandomScale needs 0 < scale\[0\] <= scale\[1\]"):
        RandomScale((8, 8), scale=(1.5, 0.5))
    with pytest.raises(
        DataError, match=r"Compose takes plugtrain Transforms, got \['builtin_function_or_method'\]"
    ):
        Compose([print])  # type: ignore[list-item]  # testing the runtime check
    with pytest.raises(DataError, match=r"pad_to \(4, 4\) is smaller than the image \(20, 40\)"):
        pad_to(_sample().image, _sample().targets.boxes, (4, 4))
    with pytest.raises(DataError, match=r"crop window top=15 left=0 size=.* does not lie inside"):
        crop(_sample().image, _sample().targets.boxes, 15, 0, (10, 10))


def test_functional_ops_check_shapes() -> None:
    with pytest.raises(ShapeError, match="hflip: argument 'boxes'"):
        hflip(torch.rand(3, 8, 8), torch.rand(2, 5))
    with pytest.raises(ShapeError, match="argument 'image'"):
        hflip(torch.rand(4, 8, 8), torch.rand(2, 4))


def test_sample_refuses_targets_of_another_size() -> None:
    sample = _sample()
    with pytest.raises(
        DataError, match=r"targets.image_size \(20, 40\) differs from .* \(10, 40\)"
    ):
        Sample(
            image=torch.rand(3, 10, 40),
            targets=sample.targets,
            image_id=1,
            file_name="x",
            mapping=sample.mapping,
        )
