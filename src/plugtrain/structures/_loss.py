"""LossBreakdown: the named terms of a loss and their total."""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import torch
from jaxtyping import Float
from torch import Tensor

from plugtrain.errors import ArgumentError
from plugtrain.typing import checked_dataclass

__all__ = ["LossBreakdown"]


@checked_dataclass
@dataclass(frozen=True, slots=True)
class LossBreakdown:
    """Named scalar loss terms (``classification``, ``box_regression``...) and their sum.

    Build it with :meth:`of`; ``total`` is what the optimiser steps on.
    """

    terms: Mapping[str, Float[Tensor, ""]]
    total: Float[Tensor, ""]

    @staticmethod
    def of(**terms: Tensor) -> "LossBreakdown":
        """Sum named scalar terms: ``LossBreakdown.of(classification=a, box_regression=b)``."""
        if not terms:
            raise ArgumentError(
                part="LossBreakdown",
                argument="terms",
                received={},
                expected="at least one named scalar term",
                fix="pass e.g. LossBreakdown.of(classification=a, box_regression=b)",
            )
        total = torch.stack(list(terms.values())).sum()
        return LossBreakdown(terms=MappingProxyType(dict(terms)), total=total)

    def detached(self) -> dict[str, float]:
        """Plain floats for logging: every term plus ``total``."""
        values = {name: float(value.detach()) for name, value in self.terms.items()}
        values["total"] = float(self.total.detach())
        return values
