"""Typed views of torch calls whose stubs return unknown types under pyright strict."""

from typing import cast

from torch import Tensor

__all__ = ["float_list", "int_list", "nonzero_indices"]


def _as_list(values: Tensor) -> list[float]:
    # torch's stub types tolist() as list[Unknown]; a 1-d tensor gives Python numbers.
    return cast(list[float], values.flatten().tolist())  # pyright: ignore[reportUnknownMemberType]


def int_list(values: Tensor) -> list[int]:
    """A 1-d tensor as Python ints."""
    return [int(v) for v in _as_list(values)]


def float_list(values: Tensor) -> list[float]:
    """A 1-d tensor as Python floats."""
    return _as_list(values)


def nonzero_indices(mask: Tensor) -> list[int]:
    """Indices where a 1-d boolean mask is true."""
    return int_list(mask.nonzero().flatten())
