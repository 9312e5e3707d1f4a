"""Shared test setup: checks on, fixed seeds, deterministic hypothesis."""

import os

import pytest
from hypothesis import HealthCheck, settings

from plugtrain._seed import seed_everything

if os.environ.get("PLUGTRAIN_CHECKS", "1").strip().lower() in {"0", "false", "off", "no"}:
    raise pytest.UsageError("the test suite runs with shape checks on; unset PLUGTRAIN_CHECKS")

# torch's first call in a process is slow, so no deadline; derandomize so CI is repeatable.
settings.register_profile(
    "plugtrain",
    deadline=None,
    derandomize=True,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("plugtrain")


@pytest.fixture(autouse=True)
def _fixed_seed() -> None:
    seed_everything(0)
