"""The weight average's decay schedule: the ramp, its default, and the early weights' share."""

import math

import pytest

from plugtrain.config import default_warmup_updates, ema_decay_at, first_weights_share


def test_the_default_ramp_is_the_averages_window() -> None:
    assert [default_warmup_updates(d) for d in (0.9, 0.99, 0.999)] == [10, 100, 1000]


def test_the_decay_ramps_linearly_then_holds() -> None:
    assert [ema_decay_at(0.9, 4, n) for n in (1, 2, 4, 9)] == pytest.approx([0.225, 0.45, 0.9, 0.9])
    assert ema_decay_at(0.9, 0, 1) == 0.9


@pytest.mark.parametrize(
    ("decay", "warmup", "updates"), [(0.99, 0, 200), (0.999, 100, 300), (0.9, 50, 20), (0.5, 1, 5)]
)
def test_the_share_is_the_product_of_the_later_updates_decays(
    decay: float, warmup: int, updates: int
) -> None:
    product = math.prod(ema_decay_at(decay, warmup, n) for n in range(1, updates))
    assert first_weights_share(decay, warmup, updates) == pytest.approx(product, rel=1e-9)
    assert first_weights_share(decay, warmup, 1) == 1.0
