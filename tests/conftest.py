"""Shared test setup: checks on, fixed seeds, deterministic hypothesis."""

import os

import pytest
from hypothesis import HealthCheck, settings

from plugtrain._seed import seed_everything

if os.environ.get("PLUGTRAIN_CHECKS", "1").strip().lower() in {"0", "false", "off", "no"}:
    raise pytest.UsageError("the test suite runs with shape checks on; unset PLUGTRAIN_CHECKS")

# torch's first call in a process is slow, so no deadline; derandomize so CI is repeatable
# (each test draws the same examples in any order), and no example database, so a run
# never replays what an earlier run on the same machine happened to find.
settings.register_profile(
    "plugtrain",
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("plugtrain")


@pytest.fixture(autouse=True)
def _fixed_seed() -> None:
    seed_everything(0)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print pytest-randomly's seed last (its header line is hidden by ``-q``), so that a
    failure that depends on the order can be repeated."""
    seed = config.getoption("randomly_seed", default=None)
    if seed is not None:
        terminalreporter.write_line(
            f"test order shuffled by pytest-randomly with seed {seed}; repeat it with "
            f"-p randomly --randomly-seed={seed}, or keep file order with -p no:randomly"
        )
