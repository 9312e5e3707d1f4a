"""Properties of the data transforms: boxes move with the pixels and stay inside the image."""

import torch
from hypothesis import given
from hypothesis import strategies as st

from plugtrain._seed import seed_everything
from plugtrain.data import (
    ColorJitter,
    Compose,
    HorizontalFlip,
    Letterbox,
    RandomScale,
    Resize,
    Sample,
    Transform,
    collate,
    hflip,
    resize,
)
from tests.strategies import boxes_xyxy, detection_samples, image_sizes

sizes = st.tuples(st.integers(8, 64), st.integers(8, 64))


@st.composite
def transforms(draw: st.DrawFn) -> Transform:
    """A random pipeline of 1-4 transforms, fixed-size ones with a random target size."""
    choices: list[Transform] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["resize", "letterbox", "flip", "jitter", "scale"]))
        if kind == "resize":
            choices.append(Resize(draw(sizes)))
        elif kind == "letterbox":
            choices.append(Letterbox(draw(sizes)))
        elif kind == "flip":
            choices.append(HorizontalFlip(p=draw(st.sampled_from([0.0, 0.5, 1.0]))))
        elif kind == "jitter":
            choices.append(ColorJitter(hue=draw(st.sampled_from([0.0, 0.1]))))
        else:
            low = draw(st.floats(0.3, 1.0))
            choices.append(RandomScale(draw(sizes), scale=(low, low + draw(st.floats(0, 1.5)))))
    return Compose(choices)


@given(sample=detection_samples())
def test_flip_twice_is_identity(sample: Sample) -> None:
    image, boxes = hflip(*hflip(sample.image, sample.targets.boxes))
    assert torch.equal(image, sample.image)
    assert torch.equal(boxes, sample.targets.boxes)

    flip = HorizontalFlip(p=1.0)
    twice = flip(flip(sample))
    assert torch.equal(twice.image, sample.image)
    assert torch.equal(twice.targets.boxes, sample.targets.boxes)
    assert twice.mapping.scale == (1.0, 1.0)
    assert twice.mapping.offset == (0.0, 0.0)


@given(data=st.data(), size=image_sizes(), target=image_sizes())
def test_resize_scales_boxes_by_the_size_ratio(
    data: st.DataObject, size: tuple[int, int], target: tuple[int, int]
) -> None:
    boxes = data.draw(boxes_xyxy(image_size=size))
    image = torch.rand(3, *size)

    out, moved = resize(image, boxes, target)

    assert out.shape == (3, *target)
    ratio = torch.tensor([target[1] / size[1], target[0] / size[0]] * 2)
    assert torch.allclose(moved, boxes * ratio, rtol=1e-5, atol=1e-4)
    _, back = resize(out, moved, size)
    assert torch.allclose(back, boxes, rtol=1e-5, atol=1e-3)


@given(sample=detection_samples(), pipeline=transforms(), seed=st.integers(0, 1000))
def test_boxes_stay_inside_the_image_after_any_transforms(
    sample: Sample, pipeline: Transform, seed: int
) -> None:
    seed_everything(seed)
    out = pipeline(sample)  # Sample and Targets validate boxes and sizes on construction

    height, width = out.image.shape[1:]
    boxes = out.targets.boxes
    assert out.targets.image_size == (height, width)
    assert bool((boxes[:, 0] >= 0).all() and (boxes[:, 1] >= 0).all())
    assert bool((boxes[:, 2] <= width).all() and (boxes[:, 3] <= height).all())
    assert bool((boxes[:, 2] > boxes[:, 0]).all() and (boxes[:, 3] > boxes[:, 1]).all())
    assert len(out.targets.labels) == len(boxes) <= len(sample.targets)
    assert float(out.image.min()) >= 0.0
    assert float(out.image.max()) <= 1.0


@given(sample=detection_samples(), target=sizes, flip=st.booleans())
def test_mapping_takes_boxes_back_to_the_original(
    sample: Sample, target: tuple[int, int], flip: bool
) -> None:
    pipeline = Compose([Letterbox(target), HorizontalFlip(p=1.0 if flip else 0.0)])

    out = pipeline(sample)

    back = out.mapping.to_original(out.targets.boxes)
    # Boxes smaller than a pixel after shrinking may be dropped; the others come back.
    if len(out.targets) == len(sample.targets):
        scale = max(sample.image.shape[1:]) / min(target)
        assert torch.allclose(back, sample.targets.boxes, atol=1e-3 * scale + 1e-3)
        forward = out.mapping.to_model(sample.targets.boxes)
        assert torch.allclose(forward, out.targets.boxes, atol=1e-3)


@given(
    box=st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(12, 24), st.integers(12, 24)),
    pipeline=transforms(),
    seed=st.integers(0, 1000),
)
def test_boxes_follow_the_pixels(
    box: tuple[int, int, int, int], pipeline: Transform, seed: int
) -> None:
    # A white square on black: after any transforms its box still frames white pixels.
    x, y, w, h = box
    image = torch.zeros(3, 48, 48)
    image[:, y : y + h, x : x + w] = 1.0
    sample = Sample.of(
        image,
        torch.tensor([[x, y, x + w, y + h]], dtype=torch.float32),
        torch.tensor([0]),
        num_classes=1,
    )
    seed_everything(seed)

    out = pipeline(sample)

    if len(out.targets) == 1:
        x1, y1, x2, y2 = (round(float(v)) for v in out.targets.boxes[0])
        if x2 - x1 >= 4 and y2 - y1 >= 4:
            inside = out.image[:, y1 + 1 : y2 - 1, x1 + 1 : x2 - 1].mean(dim=0)
            # colour jitter moves the levels, the contrast between inside and outside stays
            outside = out.image.mean(dim=0).clone()
            outside[max(0, y1 - 1) : y2 + 1, max(0, x1 - 1) : x2 + 1] = float("nan")
            assert float(inside.mean()) > float(outside.nanmean()) + 0.3


@given(samples=st.lists(detection_samples(), min_size=1, max_size=4), divisor=st.integers(1, 32))
def test_collate_pads_without_moving_boxes(samples: list[Sample], divisor: int) -> None:
    batch = collate(samples, size_divisor=divisor)

    height, width = batch.images.shape[2:]
    assert height % divisor == 0
    assert width % divisor == 0
    for index, sample in enumerate(samples):
        h, w = sample.image.shape[1:]
        assert torch.equal(batch.images[index, :, :h, :w], sample.image)
        assert batch.targets[index] is sample.targets
    assert batch.image_ids == tuple(s.image_id for s in samples)
