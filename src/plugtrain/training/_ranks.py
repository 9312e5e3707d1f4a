"""Rank 0's word on every rank: what only rank 0 computed (a callback's record, a log read)."""

from typing import TypeVar, cast

import torch.distributed as dist

__all__ = ["from_rank_zero"]

ValueT = TypeVar("ValueT")


def from_rank_zero(value: ValueT) -> ValueT:
    """Rank 0's ``value`` on every rank (pickled and broadcast: meant for small records);
    ``value`` itself without torchrun. Every rank must call it at the same point."""
    if not (dist.is_available() and dist.is_initialized()):
        return value
    shared: list[object] = [value]
    dist.broadcast_object_list(shared, src=0)
    # Rank 0 sent a ValueT: every rank passed one of the same type at this call.
    return cast(ValueT, shared[0])
