"""Short human-readable descriptions of values and type hints for error messages."""

import re
from collections.abc import Mapping, Sequence
from typing import Final, cast

import torch

__all__ = ["describe_hint", "describe_value"]

_MODULE_PREFIX: Final = re.compile(r"\b(?:jaxtyping|torch|typing|collections\.abc)\.")
_MAX_ITEMS: Final = 4


def describe_hint(hint: object) -> str:
    """``Float[Tensor, 'batch 3 h w']`` rather than ``<class 'jaxtyping.Float[...]'>``."""
    text = hint.__qualname__ if isinstance(hint, type) else str(hint)
    return _MODULE_PREFIX.sub("", text)


def describe_value(value: object) -> str:
    """Type, shape, dtype and device of tensors (also inside lists and dicts)."""
    if isinstance(value, torch.Tensor):
        return (
            f"Tensor shape={tuple(value.shape)} dtype={str(value.dtype).removeprefix('torch.')} "
            f"device={value.device}"
        )
    if isinstance(value, (list, tuple)):
        items = cast(Sequence[object], value)
        shown = ", ".join(describe_value(v) for v in items[:_MAX_ITEMS])
        more = f", ... ({len(items)} items)" if len(items) > _MAX_ITEMS else ""
        return f"{type(items).__name__}[{shown}{more}]"
    if isinstance(value, Mapping):
        entries = list(cast(Mapping[object, object], value).items())
        shown = ", ".join(f"{k!r}: {describe_value(v)}" for k, v in entries[:_MAX_ITEMS])
        more = f", ... ({len(entries)} items)" if len(entries) > _MAX_ITEMS else ""
        return f"{{{shown}{more}}}"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"
