"""NT-Xent, the normalised temperature-scaled cross-entropy of SimCLR (Chen et al., 2020).

Each of ``2 * batch`` embeddings has one positive (the other view of the same image) and
``2 * batch - 2`` negatives (both views of every other image); the loss is the mean
cross-entropy of picking the positive among them by cosine similarity / temperature.
"""

import math
from typing import Final

import torch
from jaxtyping import Float
from torch import Tensor
from torch.nn import functional

from plugtrain.errors import ArgumentError, ShapeError
from plugtrain.typing import checked

__all__ = ["nt_xent_loss"]

_MIN_BATCH: Final = 2


@checked
def nt_xent_loss(
    view_a: Float[Tensor, "batch dim"],
    view_b: Float[Tensor, "batch dim"],
    *,
    temperature: float,
) -> Float[Tensor, ""]:
    """The NT-Xent loss of two views: ``view_a[i]`` and ``view_b[i]`` are one image.

    Embeddings need not be normalised (they are L2-normalised here). ``temperature`` > 0
    scales the cosine similarities (SimCLR uses 0.1-0.5); a random embedding scores about
    ``log(2 * batch - 1)``.
    """
    if not 0 < temperature < math.inf:  # NaN fails both comparisons
        raise ArgumentError(
            part="nt_xent_loss",
            argument="temperature",
            received=temperature,
            expected="a finite float > 0",
            fix="pass e.g. temperature=0.2",
        )
    batch = int(view_a.shape[0])
    if batch < _MIN_BATCH:
        raise ShapeError(
            component="nt_xent_loss",
            method="nt_xent_loss",
            argument="view_a",
            expected="(batch, dim) with batch >= 2",
            actual=f"Tensor shape={tuple(view_a.shape)}",
            bindings={"batch": batch},
            reason="with one image there is no negative to tell the positive from",
            fix="train with a batch size of at least 2",
        )
    embeddings = functional.normalize(torch.cat([view_a, view_b]), dim=1)
    logits = embeddings @ embeddings.T / temperature
    # an embedding is never its own candidate
    self_mask = torch.eye(2 * batch, dtype=torch.bool, device=logits.device)
    logits = logits.masked_fill(self_mask, float("-inf"))
    index = torch.arange(batch, device=logits.device)
    positives = torch.cat([index + batch, index])
    return functional.cross_entropy(logits, positives)
