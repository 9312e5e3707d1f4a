"""Properties of the v2 training augmentation: boxes stay inside and valid, labels stay in
step, and a box is lost only by a rule (outside, too little left visible, too small)."""

import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from torch import Tensor

from plugtrain._seed import seed_everything
from plugtrain._tensors import int_list
from plugtrain.builders import EpochSeeded
from plugtrain.data import Mosaic, Sample, ScaleJitter, Transform, WindowCrop
from tests.strategies import augment_pipelines, augment_steps, detection_samples, image_sizes

EPS = 1e-3


def _labelled(sample: Sample) -> Sample:
    """``sample`` with label k on box k (mod the classes), so a label tells its box."""
    count = len(sample.targets)
    labels = torch.arange(count, dtype=torch.int64) % sample.targets.num_classes
    return Sample.of(
        sample.image, sample.targets.boxes, labels, num_classes=sample.targets.num_classes
    )


@given(sample=detection_samples(), pipeline=augment_pipelines(), seed=st.integers(0, 1000))
def test_boxes_stay_inside_valid_and_labels_in_step(
    sample: Sample, pipeline: Transform, seed: int
) -> None:
    seed_everything(seed)
    out = pipeline(sample)  # Sample and Targets check sizes, finiteness and labels on build

    height, width = out.image.shape[1:]
    boxes = out.targets.boxes
    assert out.targets.image_size == (height, width)
    assert bool((boxes[:, :2] >= 0).all())
    assert bool((boxes[:, 2] <= width).all() and (boxes[:, 3] <= height).all())
    assert bool((boxes[:, 2] > boxes[:, 0]).all() and (boxes[:, 3] > boxes[:, 1]).all())
    assert out.targets.labels.shape == (boxes.shape[0],)
    assert boxes.shape[0] <= len(sample.targets)
    assert 0.0 <= float(out.image.min()) <= float(out.image.max()) <= 1.0


def _rules(step: Transform) -> tuple[float, float]:
    if isinstance(step, (WindowCrop, ScaleJitter)):
        return step.min_visible, step.min_box_size
    return 0.0, 0.0  # flips drop nothing


def _area(boxes: Tensor) -> Tensor:
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


@given(
    sample=detection_samples(),
    step=augment_steps(geometric_only=True),
    seed=st.integers(0, 1000),
)
def test_a_box_is_lost_only_by_a_rule(sample: Sample, step: Transform, seed: int) -> None:
    sample = _labelled(sample)
    seed_everything(seed)
    out = step(sample)

    # Where the step put every original box (the mapping), clipped to the output image.
    moved = out.mapping.to_model(sample.targets.boxes)
    height, width = out.targets.image_size
    clipped = moved.clone()
    clipped[:, 0::2] = clipped[:, 0::2].clamp(0, width)
    clipped[:, 1::2] = clipped[:, 1::2].clamp(0, height)
    min_visible, min_size = _rules(step)
    sides = torch.minimum(clipped[:, 2] - clipped[:, 0], clipped[:, 3] - clipped[:, 1])
    visible = _area(clipped) - min_visible * _area(moved)
    margin = torch.minimum(sides - min_size, visible)
    if isinstance(step, WindowCrop) and step.kind == "iou":
        # RandomIoUCrop drops the boxes whose centre is not strictly inside the window.
        cx, cy = (moved[:, 0] + moved[:, 2]) / 2, (moved[:, 1] + moved[:, 3]) / 2
        inside = torch.stack((cx, width - cx, cy, height - cy), dim=1).amin(dim=1)
        margin = torch.minimum(margin, inside)
    assume(bool((margin.abs() > EPS).all()))  # no box right at a rule's limit
    kept = margin > 0

    assert int_list(out.targets.labels) == int_list(sample.targets.labels[kept])
    assert torch.allclose(out.targets.boxes, clipped[kept], atol=1e-3)


def _full_box_samples(size: tuple[int, int]) -> list[Sample]:
    """Four samples of one size, each a single box over the whole image, labels 0..3."""
    height, width = size
    return [
        Sample.of(
            torch.full((3, height, width), k / 4),
            torch.tensor([[0.0, 0.0, float(width), float(height)]]),
            torch.tensor([k]),
            num_classes=4,
            image_id=k + 1,
        )
        for k in range(4)
    ]


@given(size=image_sizes(low=16, high=64), seed=st.integers(0, 1000), index=st.integers(0, 3))
def test_a_mosaic_tiles_the_canvas_with_four_images(
    size: tuple[int, int], seed: int, index: int
) -> None:
    samples = _full_box_samples(size)
    mosaic = Mosaic(samples, p=1.0, min_box_size=1.0)
    seed_everything(seed)

    out = mosaic[index]

    height, width = size
    assert out.image.shape == (3, height, width)
    assert out.image_id == samples[index].image_id
    boxes = out.targets.boxes
    # every tile is filled by one image and keeps its (clipped) box: the four boxes
    # cover the canvas without overlap, and the first tile is image ``index``
    assert boxes.shape == (4, 4)
    assert torch.isclose(_area(boxes).sum(), torch.tensor(float(height * width)))
    assert out.targets.labels[0] == index
    for box, label in zip(boxes, out.targets.labels, strict=True):
        x1, y1, x2, y2 = (round(float(v)) for v in box)
        assert torch.allclose(out.image[:, y1:y2, x1:x2], torch.tensor(int(label) / 4))


@given(size=image_sizes(low=16, high=48), seed=st.integers(0, 100))
def test_a_seeded_mosaic_repeats_per_epoch_and_index(size: tuple[int, int], seed: int) -> None:
    seeded = EpochSeeded(Mosaic(_full_box_samples(size), p=0.5), seed=seed)

    first = [seeded[i] for i in range(4)]
    again = [seeded[i] for i in reversed(range(4))][::-1]

    for a, b in zip(first, again, strict=True):
        assert torch.equal(a.image, b.image)
        assert torch.equal(a.targets.boxes, b.targets.boxes)
        assert torch.equal(a.targets.labels, b.targets.labels)
