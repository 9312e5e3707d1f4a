"""Properties of ``checked``: valid shapes always pass, each kind of mismatch always raises."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from jaxtyping import Float
from torch import Tensor

from plugtrain.errors import ShapeError
from plugtrain.typing import checked

sizes = st.integers(1, 6)


@checked
def combine(
    images: Float[Tensor, "batch 3 h w"], weights: Float[Tensor, "batch k"]
) -> Float[Tensor, "batch 3 h w"]:
    return images * weights.sum(dim=1)[:, None, None, None]


@checked
def shrink(images: Float[Tensor, "batch 3 h w"], *, drop: int) -> Float[Tensor, "batch 3 h w"]:
    return images[drop:]


@checked
def total(maps: list[Float[Tensor, "batch c _ _"]]) -> Float[Tensor, "batch c"]:
    return torch.stack([m.sum(dim=(2, 3)) for m in maps]).sum(dim=0)


@given(batch=sizes, height=sizes, width=sizes, k=sizes)
def test_valid_shapes_pass(batch: int, height: int, width: int, k: int) -> None:
    out = combine(torch.rand(batch, 3, height, width), torch.rand(batch, k))
    assert out.shape == (batch, 3, height, width)


@given(
    batch=sizes, channels=sizes, spatial=st.lists(st.tuples(sizes, sizes), min_size=1, max_size=5)
)
def test_valid_lists_pass(batch: int, channels: int, spatial: list[tuple[int, int]]) -> None:
    maps = [torch.rand(batch, channels, h, w) for h, w in spatial]
    assert total(maps).shape == (batch, channels)


@given(batch=sizes, height=sizes, width=sizes, rank=st.sampled_from([2, 3, 5]))
def test_wrong_rank_raises(batch: int, height: int, width: int, rank: int) -> None:
    shape = (batch, 3, height, width, 2)[:rank] if rank != 3 else (3, height, width)
    with pytest.raises(ShapeError, match=f"has {rank} dimensions, not the 4 expected"):
        combine(torch.rand(*shape), torch.rand(batch, 1))


@given(batch=sizes, channels=sizes.filter(lambda c: c != 3), height=sizes)
def test_wrong_fixed_axis_raises(batch: int, channels: int, height: int) -> None:
    with pytest.raises(ShapeError, match=f"dimension size {channels} does not equal 3"):
        combine(torch.rand(batch, channels, height, height), torch.rand(batch, 2))


@given(batch=sizes, other=sizes, height=sizes)
def test_axis_disagreeing_across_arguments_raises(batch: int, other: int, height: int) -> None:
    if other == batch:
        other += 1
    with pytest.raises(ShapeError) as caught:
        combine(torch.rand(batch, 3, height, height), torch.rand(other, 2))
    assert caught.value.argument == "weights"
    assert (
        f"size of dimension batch is {other} which does not equal the existing value of {batch}"
        in (str(caught.value))
    )


@given(batch=st.integers(2, 6), drop=st.integers(1, 5))
def test_wrong_return_shape_raises(batch: int, drop: int) -> None:
    drop = min(drop, batch - 1)
    with pytest.raises(ShapeError) as caught:
        shrink(torch.rand(batch, 3, 2, 2), drop=drop)
    assert caught.value.argument == "return"
    assert f"is {batch - drop} which does not equal the existing value of {batch}" in str(
        caught.value
    )


@given(
    batch=sizes,
    dtype=st.sampled_from([torch.int64, torch.int32, torch.bool, torch.uint8]),
)
def test_wrong_dtype_raises(batch: int, dtype: torch.dtype) -> None:
    with pytest.raises(ShapeError, match="this array has dtype"):
        combine(torch.zeros(batch, 3, 2, 2, dtype=dtype), torch.rand(batch, 2))


@given(length=st.integers(2, 8), data=st.data())
def test_one_bad_element_in_a_list_is_always_found(length: int, data: st.DataObject) -> None:
    bad = data.draw(st.integers(1, length - 1), label="bad index")
    maps = [torch.rand(2, 4, 3, 3) for _ in range(length)]
    maps[bad] = torch.rand(2, 5, 3, 3)
    with pytest.raises(ShapeError) as caught:
        total(maps)
    assert caught.value.argument == f"maps[{bad}]"
    assert "size of dimension c is 5 which does not equal the existing value of 4" in str(
        caught.value
    )
