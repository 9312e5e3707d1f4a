"""prepare_images equals torchvision's GeneralizedRCNNTransform; wrong inputs name the image."""

from collections.abc import Sequence
from typing import cast

import pytest
import torch
from torch import Tensor
from torchvision.models.detection.transform import GeneralizedRCNNTransform

from plugtrain.errors import ShapeError
from plugtrain.ops import PreparedImages, prepare_images, resized_size
from tests.detection_helpers import ints, rows

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def _prepare(
    images: object, min_size: int | None = None, max_size: int | None = None
) -> PreparedImages:
    return prepare_images(
        cast(Tensor | Sequence[Tensor], images),  # some tests pass wrong inputs on purpose
        mean=torch.tensor(MEAN),
        std=torch.tensor(STD),
        size_divisible=32,
        min_size=min_size,
        max_size=max_size,
    )


@pytest.mark.parametrize(
    ("sizes", "min_size", "max_size"),
    [
        ([(50, 70), (64, 40)], None, None),
        ([(50, 70), (64, 40)], 80, 100),
        ([(48, 48), (48, 48)], 64, 64),
        ([(96, 96)], 96, 96),
    ],
)
def test_equals_generalized_rcnn_transform(
    sizes: list[tuple[int, int]], min_size: int | None, max_size: int | None
) -> None:
    images = [torch.rand(3, h, w) for h, w in sizes]
    prepared = _prepare(images, min_size, max_size)
    transform = GeneralizedRCNNTransform(
        min_size or 10**6, max_size or 10**6, list(MEAN), list(STD), _skip_resize=True
    ).eval()
    if min_size is None:
        # torchvision always resizes in eval mode; compare unresized batches by hand
        expected_sizes = sizes
        normalised = [transform.normalize(i) for i in images]
        expected = transform.batch_images(normalised)
    else:
        image_list, _ = transform(images)
        expected, expected_sizes = image_list.tensors, image_list.image_sizes
    assert torch.equal(prepared.tensor, expected)
    found_sizes = [tuple(ints(s)) for s in prepared.image_sizes]
    assert found_sizes == [tuple(int(v) for v in s) for s in expected_sizes]
    assert prepared.original_sizes == tuple(sizes)


def test_batched_tensor_equals_list_of_images() -> None:
    batch = torch.rand(2, 3, 40, 50)
    assert torch.equal(_prepare(batch).tensor, _prepare(list(batch)).tensor)
    assert _prepare(batch).padded_size == (64, 64)


def test_box_scales_are_torchvision_resize_ratios() -> None:
    prepared = _prepare([torch.rand(3, 50, 100)], 100, 150)
    # short side 50 -> 75 (long side 150 stops it)
    assert prepared.resized_sizes == ((75, 150),)
    assert rows(prepared.target_scale) == [[1.5, 1.5, 1.5, 1.5]]
    assert torch.allclose(prepared.box_scale, torch.full((1, 4), 1 / 1.5))


def test_resized_size_skips_when_nothing_changes() -> None:
    assert resized_size((64, 64), min_size=64, max_size=64) == ((64, 64), None)
    assert resized_size((64, 64), min_size=None, max_size=None) == ((64, 64), None)
    size, scale = resized_size((32, 64), min_size=64, max_size=100)
    assert size == (50, 100)
    assert scale == pytest.approx(100 / 64)


@pytest.mark.parametrize(
    ("images", "text"),
    [
        ([torch.rand(3, 8, 8), torch.rand(8, 8)], "images[1]"),
        ([torch.rand(3, 8, 8), torch.rand(8, 8, 3)], "image.permute(2, 0, 1)"),
        ([torch.randint(0, 255, (3, 8, 8), dtype=torch.uint8)], "image.float() / 255"),
        ([torch.rand(3, 8, 8) * 255], "values span"),
        ([], "the list is empty"),
        (torch.rand(3, 8, 8), "4 dimensions"),
        ("image.png", "not a tensor"),
        ([torch.rand(3, 8, 8), "image.png"], "images[1]"),
    ],
)
def test_wrong_inputs_raise_shape_error_naming_the_image(images: object, text: str) -> None:
    with pytest.raises(ShapeError, match=r"Detector\.forward") as raised:
        _prepare(images)
    assert text in str(raised.value)
